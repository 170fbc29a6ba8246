"""terraform/README.md's generated parts (tools/terraform_docs.py, `make tfdocs`) match the module: the Inputs
and Outputs tables match variables.tf and outputs.tf, and the Usage block is examples/complete/main.tf.
"""

import shutil

import pytest

from tools import terraform_docs
from tools.terraform_docs import EXAMPLE, MODULE, PUBLISHED_SOURCE, README, drift, read_inputs, read_outputs


def test_readme_matches_the_module():
    diff = drift()
    assert not diff, f"terraform/README.md has drifted from the module; run `make tfdocs`:\n{diff}"


def test_the_check_reports_a_changed_variable(tmp_path):
    """The check can fail: a description changed in a copy of variables.tf shows up as a diff of its row."""
    module = tmp_path / "module"
    module.mkdir()
    for name in ("variables.tf", "outputs.tf"):
        shutil.copy(MODULE / name, module / name)
    variables = module / "variables.tf"
    text = variables.read_text()
    old = 'description = "Largest accepted image, in bytes."'
    assert old in text
    variables.write_text(text.replace(old, 'description = "Largest accepted image, in kibibytes."'))

    diff = drift(README, module, EXAMPLE)

    assert "-| <a name=\"input_max_upload_bytes\"></a>" in diff
    assert "+| <a name=\"input_max_upload_bytes\"></a>" in diff and "in kibibytes." in diff


def test_the_check_reports_a_changed_example(tmp_path):
    example = tmp_path / "main.tf"
    example.write_text(EXAMPLE.read_text().replace('name            = "profile-images"', 'name            = "avatars"'))

    diff = drift(README, MODULE, example)

    assert '+  name            = "avatars"' in diff


def test_check_exits_1_with_a_diff_and_leaves_the_readme_alone(tmp_path, capsys):
    readme = tmp_path / "README.md"
    stale = README.read_text().replace("| `number` | `5242880` |", "| `number` | `1` |")
    assert stale != README.read_text()
    readme.write_text(stale)

    assert terraform_docs.main(["--check", "--readme", str(readme)]) == 1
    assert "+| <a name=\"input_max_upload_bytes\"></a>" in capsys.readouterr().out
    assert readme.read_text() == stale

    assert terraform_docs.main(["--readme", str(readme)]) == 0
    assert readme.read_text() == README.read_text()
    assert terraform_docs.main(["--check", "--readme", str(readme)]) == 0


def test_every_variable_and_output_is_in_the_tables():
    readme = README.read_text()
    for item in read_inputs(MODULE / "variables.tf"):
        assert f'<a name="input_{item.name}"></a>' in readme
    for item in read_outputs(MODULE / "outputs.tf"):
        assert f'<a name="output_{item.name}"></a>' in readme


def test_types_and_defaults_are_rendered_as_terraform_docs_does():
    rows = {line.split('"></a>')[0].split('name="')[1]: line for line in README.read_text().splitlines()
            if line.startswith('| <a name="input_')}
    assert rows["input_name"].endswith("| `string` | n/a | yes |")
    assert rows["input_tags"].endswith("| `map(string)` | `{}` | no |")
    assert rows["input_key_prefix"].endswith('| `string` | `"users/"` | no |')
    assert rows["input_kms_key_arn"].endswith("| `string` | `null` | no |")
    assert rows["input_snap_start"].endswith("| `bool` | `false` | no |")
    assert rows["input_events_batch_size"].endswith("| `number` | `10` | no |")
    assert rows["input_jwt_audience"].endswith("| `list(string)` | `[]` | no |")
    assert rows["input_allowed_content_types"].endswith(
        '| `list(string)` | <pre>[<br/>  "image/jpeg",<br/>  "image/png",<br/>  "image/webp",<br/>  "image/gif"<br/>]</pre> | no |'
    )
    # A description's ["*"] is unescaped; placeholders such as <region> are not taken for HTML tags.
    assert '; ["*"] allows any. |' in rows["input_allowed_origins"]
    assert "arn:aws:execute-api:&lt;region&gt;:" in rows["input_api_execution_arn"]


def test_usage_shows_the_published_source():
    usage = README.read_text().split("<!-- BEGIN_USAGE -->\n", 1)[1].split("\n<!-- END_USAGE -->", 1)[0]
    assert usage.startswith("```hcl\n") and usage.endswith("\n```")
    assert PUBLISHED_SOURCE in usage and '"../../"' not in usage


@pytest.mark.parametrize("text", ["no markers at all\n", "<!-- BEGIN_TF_DOCS -->\n<!-- BEGIN_USAGE -->\n<!-- END_USAGE -->\n"])
def test_a_readme_without_its_markers_is_an_error(tmp_path, text):
    readme = tmp_path / "README.md"
    readme.write_text(text)
    with pytest.raises(terraform_docs.DocsError, match="must hold"):
        drift(readme)
    assert terraform_docs.main(["--check", "--readme", str(readme)]) == 2
