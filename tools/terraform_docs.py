"""The generated parts of terraform/README.md (`make tfdocs`): the module's Inputs and Outputs tables, and the
Usage block.

- Inputs and Outputs are read from terraform/variables.tf and terraform/outputs.tf with python-hcl2 and
  rendered as terraform-docs renders them (sorted by name; types as written in HCL; defaults as HCL/JSON
  literals, multi-line ones in <pre>; `n/a` and "yes" when required), between <!-- BEGIN_TF_DOCS --> and
  <!-- END_TF_DOCS -->.
- Usage is terraform/examples/complete/main.tf as it stands, with its `source = "../../"` shown as the
  module's git address, in a ```hcl block between <!-- BEGIN_USAGE --> and <!-- END_USAGE -->.

    python -m tools.terraform_docs            # rewrite terraform/README.md in place
    python -m tools.terraform_docs --check    # exit 1 and print a diff when the README has drifted
"""

import argparse
import difflib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import hcl2

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "terraform"
README = MODULE / "README.md"
EXAMPLE = MODULE / "examples" / "complete" / "main.tf"

TF_DOCS = ("<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->")
USAGE = ("<!-- BEGIN_USAGE -->", "<!-- END_USAGE -->")
EXAMPLE_SOURCE = 'source = "../../"'
PUBLISHED_SOURCE = 'source = "git::https://example.com/your-org/open-update-image.git//terraform?ref=v0.1.0"'

_REQUIRED = object()  # a variable without a default
_HEREDOC = re.compile(r"<<(?P<indented>-?)(?P<marker>[A-Za-z_][A-Za-z0-9_]*)\n(?P<text>.*?)\n[ \t]*(?P=marker)", re.DOTALL)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


class DocsError(Exception):
    """The sources or the README are not in a shape this generator can render (a message says which)."""


@dataclass(frozen=True)
class Input:
    name: str
    description: str
    type: str  # as written in HCL; "any" when the variable has no type
    default: object  # a Python value (str, int, float, bool, None, list, dict), or _REQUIRED

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


@dataclass(frozen=True)
class Output:
    name: str
    description: str


# --- reading the module ----------------------------------------------------------------------------------

def _unquote(text: str) -> str:
    """The value of an HCL quoted-string literal as python-hcl2 (8.x) returns it: quotes and escapes kept."""
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise DocsError(f"expected a quoted string literal, got {text!r}")
    heredoc = _HEREDOC.fullmatch(text[1:-1])
    if heredoc:  # python-hcl2 keeps a heredoc as written, in quotes; its text has no escapes
        lines = heredoc.group("text").split("\n")
        if heredoc.group("indented"):  # <<-: the lines' common leading spaces are not part of the text
            margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
            lines = [line[margin:] for line in lines]
        return "\n".join(lines)
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            code = body[i + 1]
            if code in _ESCAPES:
                out.append(_ESCAPES[code])
                i += 2
                continue
            if code in "uU":
                width = 4 if code == "u" else 8
                out.append(chr(int(body[i + 2:i + 2 + width], 16)))
                i += 2 + width
                continue
        if body.startswith(("$${", "%%{"), i):  # HCL's escapes of template sequences
            out.append(body[i + 1:i + 3])
            i += 3
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _expression(text: str) -> str:
    """An expression as written: python-hcl2 wraps non-literal expressions in ${...}."""
    if text.startswith("${") and text.endswith("}"):
        return text[2:-1]
    return text


def _value(raw):
    """A literal default as a Python value; an expression (which Terraform forbids in defaults) is an error."""
    if isinstance(raw, str):
        if raw.startswith('"'):
            return _unquote(raw)
        raise DocsError(f"a default must be a literal value, got the expression {_expression(raw)!r}")
    if isinstance(raw, list):
        return [_value(item) for item in raw]
    if isinstance(raw, dict):
        return {_key(key): _value(item) for key, item in raw.items() if key != "__is_block__"}
    return raw  # bool, int, float, None


def _key(raw: str) -> str:
    return _unquote(raw) if raw.startswith('"') else raw


def _blocks(path: Path, kind: str) -> list[tuple[str, dict]]:
    """The (label, body) of every `kind "label" { ... }` block of one .tf file, in file order."""
    try:
        with path.open(encoding="utf-8") as handle:
            parsed = hcl2.load(handle)
    except FileNotFoundError:
        raise DocsError(f"{path} does not exist") from None
    except Exception as error:  # lark's errors: say which file
        raise DocsError(f"{path}: cannot parse: {error}") from error
    blocks = []
    for entry in parsed.get(kind, []):
        for label, body in entry.items():
            blocks.append((_key(label), body))
    return blocks


def read_inputs(path: Path) -> list[Input]:
    inputs = []
    for name, body in _blocks(path, "variable"):
        description = _unquote(body["description"]) if "description" in body else ""
        type_ = _expression(body["type"]) if "type" in body else "any"
        default = _value(body["default"]) if "default" in body else _REQUIRED
        inputs.append(Input(name, description, type_, default))
    return sorted(inputs, key=lambda item: item.name)


def read_outputs(path: Path) -> list[Output]:
    outputs = [Output(name, _unquote(body["description"]) if "description" in body else "")
               for name, body in _blocks(path, "output")]
    return sorted(outputs, key=lambda item: item.name)


# --- rendering ------------------------------------------------------------------------------------------

def _cell(text: str) -> str:
    """Text for one Markdown table cell: pipes escaped, line breaks as <br/>."""
    return text.replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br/>")


def _prose(text: str) -> str:
    """A description for a table cell: outside `code` spans, < and > as entities, so that a placeholder such
    as <region> shows instead of being taken for an HTML tag."""
    parts = re.split(r"(`[^`]*`)", text)
    return _cell("".join(part if part.startswith("`") and part.endswith("`") and len(part) > 1
                         else part.replace("<", "&lt;").replace(">", "&gt;") for part in parts))


def _anchor(kind: str, name: str) -> str:
    escaped = name.replace("_", "\\_")
    return f'<a name="{kind}_{name}"></a> [{escaped}](#{kind}\\_{escaped})'


def _literal(value) -> str:
    """A default as terraform-docs shows it: one-line literals in backticks, longer ones in <pre>."""
    if value is _REQUIRED:
        return "n/a"
    if isinstance(value, (list, dict)) and value:
        text = json.dumps(value, indent=2, ensure_ascii=False)
        return "<pre>" + _cell(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")) + "</pre>"
    return f"`{_cell(json.dumps(value, ensure_ascii=False))}`"


def render_tables(inputs: list[Input], outputs: list[Output]) -> str:
    lines = ["## Inputs", ""]
    if inputs:
        lines += ["| Name | Description | Type | Default | Required |",
                  "|------|-------------|------|---------|:--------:|"]
        for item in inputs:
            lines.append(f"| {_anchor('input', item.name)} | {_prose(item.description)} | `{_cell(item.type)}` "
                         f"| {_literal(item.default)} | {'yes' if item.required else 'no'} |")
    else:
        lines.append("No inputs.")
    lines += ["", "## Outputs", ""]
    if outputs:
        lines += ["| Name | Description |", "|------|-------------|"]
        for item in outputs:
            lines.append(f"| {_anchor('output', item.name)} | {_prose(item.description)} |")
    else:
        lines.append("No outputs.")
    return "\n".join(lines)


def render_usage(example: Path) -> str:
    """The example's main.tf in a ```hcl block, its relative source shown as the module's git address."""
    try:
        text = example.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocsError(f"{example} does not exist") from None
    if text.count(EXAMPLE_SOURCE) != 1:
        raise DocsError(f"{example} must hold exactly one line with {EXAMPLE_SOURCE}")
    return "```hcl\n" + text.replace(EXAMPLE_SOURCE, PUBLISHED_SOURCE).rstrip("\n") + "\n```"


def _replace_between(text: str, markers: tuple[str, str], content: str, where: str) -> str:
    begin, end = markers
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if text.count(begin) != 1 or text.count(end) != 1 or not pattern.search(text):
        raise DocsError(f"{where} must hold {begin} once, followed by {end} once")
    return pattern.sub(lambda _: f"{begin}\n{content}\n{end}", text, count=1)


def render_readme(readme_text: str, module: Path = MODULE, example: Path = EXAMPLE, where: str = "README") -> str:
    """The README with both generated parts rendered from the module's current files."""
    tables = render_tables(read_inputs(module / "variables.tf"), read_outputs(module / "outputs.tf"))
    text = _replace_between(readme_text, TF_DOCS, tables, where)
    return _replace_between(text, USAGE, render_usage(example), where)


def drift(readme: Path = README, module: Path = MODULE, example: Path = EXAMPLE) -> str:
    """A unified diff from the README as it is to the README as generated; empty when they agree."""
    current = readme.read_text(encoding="utf-8")
    wanted = render_readme(current, module, example, where=str(readme))
    return "".join(difflib.unified_diff(
        current.splitlines(keepends=True), wanted.splitlines(keepends=True),
        fromfile=f"{readme} (as it is)", tofile=f"{readme} (generated)",
    ))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.terraform_docs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 and print a diff when the README has drifted")
    parser.add_argument("--readme", type=Path, default=README, help=f"default: {README.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    try:
        if args.check:
            diff = drift(args.readme)
            if diff:
                sys.stdout.write(diff)
                print(f"\n{args.readme} has drifted from the module: run `make tfdocs`.", file=sys.stderr)
                return 1
            return 0
        current = args.readme.read_text(encoding="utf-8")
        wanted = render_readme(current, where=str(args.readme))
        if wanted != current:
            args.readme.write_text(wanted, encoding="utf-8")
            print(f"updated {args.readme}")
        return 0
    except DocsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
