"""A self-contained HTML reference page (no scripts, no CDN) rendered from the OpenAPI document."""

import json
import re
from html import escape

STYLE = """
body { font-family: system-ui, sans-serif; color: #1d2430; max-width: 58rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
pre { background: #f3f5f9; padding: 0.8rem; border-radius: 6px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #d9dee7; padding: 0.4rem 0.6rem; }
th { background: #f3f5f9; }
.method { display: inline-block; background: #2f6fde; color: #fff; border-radius: 4px; padding: 0 0.5rem; font-weight: 600; }
.status { font-weight: 600; }
.required { color: #b3261e; font-size: 0.8em; }
.prose p { margin: 0.4rem 0; }
"""


def _inline(text: str) -> str:
    """Escape text, keeping `code` spans."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def _prose(text: str) -> str:
    """Paragraphs, and numbered lists ("1. …" with indented continuation lines)."""
    html = []
    for block in (block.strip() for block in text.split("\n\n") if block.strip()):
        items: list[str] = []
        for line in block.splitlines():
            if re.match(r"\d+\. ", line):
                items.append(line.split(". ", 1)[1].strip())
            elif items:
                items[-1] += " " + line.strip()
        if items:
            html.append("<ol>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + "</ol>")
        else:
            html.append(f"<p>{_inline(' '.join(line.strip() for line in block.splitlines()))}</p>")
    return "".join(html)


def _schema_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict) -> str:
    """A short HTML description of a JSON Schema type."""
    if "$ref" in schema:
        name = _schema_name(schema["$ref"])
        return f'<a href="#schema-{escape(name)}">{escape(name)}</a>'
    if "anyOf" in schema:
        return " or ".join(type_of(option) for option in schema["anyOf"])
    if "const" in schema:
        return f"<code>{escape(json.dumps(schema['const']))}</code>"
    if "enum" in schema:
        return " | ".join(f"<code>{escape(json.dumps(value))}</code>" for value in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"object of {type_of(schema['additionalProperties'])}"
    return escape(str(kind))


def _fields_table(schema: dict) -> str:
    required = set(schema.get("required", []))
    rows = []
    for name, field in schema.get("properties", {}).items():
        flag = ' <span class="required">required</span>' if name in required else ""
        default = f" Default: <code>{escape(json.dumps(field['default']))}</code>." if "default" in field else ""
        rows.append(
            f"<tr><td><code>{escape(name)}</code>{flag}</td><td>{type_of(field)}</td>"
            f"<td>{_inline(field.get('description', ''))}{default}</td></tr>"
        )
    extra = "<p>Other properties are ignored.</p>" if schema.get("additionalProperties") is True else ""
    return f"<table><tr><th>field</th><th>type</th><th>description</th></tr>{''.join(rows)}</table>{extra}"


def _operation(path: str, method: str, operation: dict, security_schemes: dict) -> str:
    parts = [f'<h2 id="{escape(operation.get("operationId", path))}"><span class="method">{method.upper()}</span> <code>{escape(path)}</code></h2>']
    parts.append(f"<p><strong>{_inline(operation.get('summary', ''))}</strong></p>")
    parts.append(f'<div class="prose">{_prose(operation.get("description", ""))}</div>')
    for requirement in operation.get("security", []) or []:
        for name in requirement:
            scheme = security_schemes.get(name, {})
            parts.append(f"<p>Authentication: <code>Authorization: Bearer &lt;{escape(scheme.get('bearerFormat', 'token'))}&gt;</code>. {_inline(scheme.get('description', ''))}</p>")
    request = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if request:
        parts.append(f"<h3>Request body (<code>application/json</code>): {type_of(request['schema'])}</h3>")
        if "example" in request:
            parts.append(f"<pre>{escape(json.dumps(request['example'], indent=2))}</pre>")
    rows = []
    for status, response in operation.get("responses", {}).items():
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        rows.append(f'<tr><td class="status">{escape(status)}</td><td>{type_of(schema) if schema else ""}</td><td>{_inline(response.get("description", ""))}</td></tr>')
    parts.append(f"<h3>Responses</h3><table><tr><th>status</th><th>body</th><th>when</th></tr>{''.join(rows)}</table>")
    return "".join(parts)


def reference_html(spec: dict) -> str:
    info = spec["info"]
    components = spec.get("components", {})
    security_schemes = components.get("securitySchemes", {})
    sections = []
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            operation = {"security": spec.get("security", []), **operation}
            sections.append(_operation(path, method, operation, security_schemes))
    servers = "".join(f"<li><code>{escape(server['url'])}</code>: {_inline(server.get('description', ''))}</li>" for server in spec.get("servers", []))
    schemas = "".join(
        f'<h3 id="schema-{escape(name)}">{escape(name)}</h3><div class="prose">{_prose(schema.get("description", ""))}</div>{_fields_table(schema)}'
        for name, schema in components.get("schemas", {}).items()
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(info['title'])} API reference</title><style>{STYLE}</style></head>
<body>
<h1>{escape(info['title'])} API <small>{escape(info['version'])}</small></h1>
<div class="prose">{_prose(info.get('description', ''))}</div>
<p>OpenAPI {escape(spec['openapi'])}: <a href="/openapi.json">openapi.json</a> · <a href="/">demo page</a></p>
<h2>Servers</h2><ul>{servers}</ul>
{''.join(sections)}
<h2>Schemas</h2>{schemas}
</body></html>
"""
