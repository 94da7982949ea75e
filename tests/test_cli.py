"""The ``explainer check`` command: exit codes, output formats, paths, mkdocs.yml."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import AS_OF, ROOT, ContentFactory, write_files

from generator.adapters.cli import main
from generator.adapters.console import plugin_options, read_mkdocs_yml

#: A new actor whose kind is misspelt: one error, at line 2, column 7.
BAD_KIND = {"actors/bob.yml": """\
    name: Bob Example
    kind: goverment-body
    summary: Nobody refers to Bob.
    """}
#: A field the format does not know: one warning, at line 4, column 1.
UNKNOWN_FIELD = {"actors/acme.yml": """\
    name: Acme Ministry
    kind: government-body
    summary: A ministry.
    motto: Forward
    """}

ERROR_LINE = re.compile(
    r"^content/actors/bob\.yml:2:7: error: 'kind' is 'goverment-body', which is not one of: "
    r".*; did you mean 'government-body'\?$", re.M)


def mkdocs_yml(root: Path, plugin_options_yaml: str = f"as_of: {AS_OF}") -> Path:
    path = root / "mkdocs.yml"
    options = textwrap.indent(textwrap.dedent(plugin_options_yaml), " " * 6)
    path.write_text(f"site_name: Test\nplugins:\n  - search\n  - explainer:\n{options}\n",
                    encoding="utf-8")
    return path


@pytest.fixture
def project(make_content: ContentFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MINIMAL content and a mkdocs.yml in tmp; the working directory is its root."""
    root = make_content().root
    mkdocs_yml(root)
    monkeypatch.chdir(root)
    return root


# ------------------------------------------------------------------ exit codes


def test_default_content_has_no_problem(monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert re.search(r"^\d+ records, 0 error\(s\), 0 warning\(s\)$", err, re.M), err


def test_default_content_from_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--config-file", str(ROOT / "mkdocs.yml"), "--strict"]) == 0
    assert main(["check", "-f", str(ROOT / "mkdocs.yml")]) == 0


def test_errors_exit_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "content", BAD_KIND)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert ERROR_LINE.search(out), out
    assert "0 warning(s)" in err
    assert re.search(r"\b1 error\(s\)", err)


def test_every_problem_in_one_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "content", {**BAD_KIND, "places/capital.yml": """\
        name: Capital City
        kind: town
        """})
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "content/actors/bob.yml:2:7: error:" in out
    assert "content/places/capital.yml:2:7: error:" in out


def test_warnings_exit_0_unless_strict(project: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "content", UNKNOWN_FIELD)
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "content/actors/acme.yml:4:1: warning: unknown field 'motto' is ignored" in out
    assert main(["check", "--strict"]) == 1
    assert "warning: unknown field 'motto'" in capsys.readouterr().out


def test_clean_content_prints_nothing_on_stdout(project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "0 error(s), 0 warning(s)" in err


@pytest.mark.parametrize("argv", [
    ["check", "--no-such-option"],
    ["check", "--format", "xml"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2(project: Path, argv: list[str],
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err


def test_missing_mkdocs_yml_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "mkdocs.yml" in err
    assert "--content" in err
    assert "Traceback" not in err


def test_named_config_file_must_exist(project: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-f", "other.yml", "--content", "content"]) == 2
    assert "other.yml" in capsys.readouterr().err


def test_unreadable_mkdocs_yml_is_a_usage_error(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    assert main(["check"]) == 2
    assert "mkdocs.yml" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--help"]) == 0
    assert "--strict" in capsys.readouterr().out


# --------------------------------------------------------------------- --content


def test_content_option_without_mkdocs_yml(make_content: ContentFactory, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    make_content()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["check", "--content", "../content"]) == 0
    assert "0 error(s)" in capsys.readouterr().err


def test_content_option_overrides_mkdocs_yml(project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    other = project / "other"
    write_files(other, {"actors/x.yml": """\
        name: X
        kind: persn
        summary: Someone.
        """})
    assert main(["check"]) == 0
    capsys.readouterr()
    assert main(["check", "--content", "other"]) == 1
    out = capsys.readouterr().out
    assert "other/actors/x.yml:2:7: error:" in out
    assert "content/" not in out


def test_content_dir_from_mkdocs_yml(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "stories-b", {"actors/x.yml": "name: X\nkind: persn\nsummary: S.\n"})
    mkdocs_yml(project, f"content_dir: stories-b\nas_of: {AS_OF}")
    assert main(["check"]) == 1
    assert "stories-b/actors/x.yml:2:7: error:" in capsys.readouterr().out


# ------------------------------------------------------------------------ paths


def test_paths_are_relative_to_the_working_directory(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "content", BAD_KIND)
    sub = project / "sub" / "deeper"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert main(["check", "-f", "../../mkdocs.yml"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("../../content/actors/bob.yml:2:7: error: 'kind' is"), out
    monkeypatch.chdir(project / "sub")
    assert main(["check", "--content", "../content"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("../content/actors/bob.yml:2:7: error: 'kind' is"), out
    assert main(["check", "--content", "../content", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)[0]["path"] == "../content/actors/bob.yml"


def test_paths_inside_the_content_folder(project: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "content", BAD_KIND)
    monkeypatch.chdir(project / "content" / "actors")
    assert main(["check", "-f", "../../mkdocs.yml"]) == 1
    assert capsys.readouterr().out.startswith("bob.yml:2:7: error:")


# ---------------------------------------------------------------------- formats


def test_json_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "content", {**BAD_KIND, "places/capital.yml": """\
        name: Capital City
        kind: city
        country: freedonia
        coordinates: [10.5, 20.25]
        population: 5
        """})
    assert main(["check", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    problems = json.loads(out)
    assert err == ""
    assert isinstance(problems, list)
    assert len(problems) == 2
    for problem in problems:
        assert {"path", "line", "col", "severity", "code", "message", "hint"} <= set(problem)
        assert isinstance(problem["line"], int)
        assert isinstance(problem["col"], int)
        assert problem["line"] >= 1
        assert problem["col"] >= 1
    error, warning = problems
    assert error == {**error, "path": "content/actors/bob.yml", "line": 2, "col": 7,
                     "severity": "error", "code": "bad-value",
                     "hint": "did you mean 'government-body'?"}
    assert "goverment-body" in error["message"]
    assert warning["path"] == "content/places/capital.yml"
    assert (warning["line"], warning["col"]) == (5, 1)
    assert warning["severity"] == "warning"
    assert warning["code"] == "unknown-field"


def test_json_format_with_no_problem(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_json_strict_exit_code(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "content", UNKNOWN_FIELD)
    assert main(["check", "--format", "json"]) == 0
    assert main(["check", "--format", "json", "--strict"]) == 1


def test_github_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "content", {**BAD_KIND, "places/capital.yml": """\
        name: Capital City
        kind: city
        population: 5
        """})
    assert main(["check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"::error file=content/actors/bob\.yml,line=2,col=7,title=bad-value::"
                        r"'kind' is 'goverment-body'.*did you mean 'government-body'\?",
                        lines[0]), lines[0]
    assert re.fullmatch(r"::warning file=content/places/capital\.yml,line=3,col=1,"
                        r"title=unknown-field::unknown field 'population'.*", lines[1]), lines[1]


def test_github_format_escapes_newlines_and_percent(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(project / "content", {"actors/bob.yml": """\
        name: Bob Example
        kind: "100%\\nwrong"
        summary: Nobody refers to Bob.
        """})
    assert main(["check", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1
    assert "100%25\\nwrong" in out  # the line break was written as an escape: one line


# ----------------------------------------------------------------- mkdocs.yml


def test_mkdocs_yml_with_env_and_python_tags(project: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: !ENV [SITE_NAME, "Tagged"]
        site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
        plugins:
          - search
          - explainer:
              as_of: {AS_OF}
        markdown_extensions:
          - toc:
              slugify: !!python/object/apply:pymdownx.slugs.slugify {{kwds: {{case: lower}}}}
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        """), encoding="utf-8")
    assert main(["check", "--strict"]) == 0, capsys.readouterr()
    write_files(project / "content", BAD_KIND)
    assert main(["check"]) == 1
    assert ERROR_LINE.search(capsys.readouterr().out)


def test_repository_mkdocs_yml_is_read() -> None:
    config = read_mkdocs_yml(ROOT / "mkdocs.yml")
    options = plugin_options(config)
    assert options["content_dir"] == "content"
    assert str(options["as_of"]) == AS_OF
    assert options["site_name"] == config["site_name"]


def test_plugin_options_in_list_and_mapping_form() -> None:
    listed = {"site_name": "S", "plugins": ["search", {"explainer": {"as_of": AS_OF}}]}
    mapped = {"site_name": "S", "plugins": {"search": {}, "explainer": {"as_of": AS_OF}}}
    bare = {"site_name": "S", "plugins": ["search", "explainer"]}
    site = {"site_name": "S", "site_description": "", "use_directory_urls": True,
            "site_url": ""}
    assert plugin_options(listed) == {"as_of": AS_OF, **site}
    assert plugin_options(mapped) == {"as_of": AS_OF, **site}
    assert plugin_options(bare) == site
    assert plugin_options({"site_name": "S"}) == site
    assert plugin_options({**listed, "use_directory_urls": False})["use_directory_urls"] is False


EXPECTED_EVENT = {"events/next-summit.yml": """\
    title: The next summit
    date: 2023-09
    status: expected
    summary: Leaders are expected to meet again.
    sources: [report-one]
    """}


def test_env_tag_default_is_used(project: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """``as_of: !ENV [VAR, default]`` means the default when VAR is unset, as in MkDocs.

    An event expected in September 2023 is not stale as of 5 September 2023; if
    the CLI dropped the value it would check against today and warn.
    """
    monkeypatch.delenv("EXPLAINER_TEST_AS_OF", raising=False)
    write_files(project / "content", EXPECTED_EVENT)
    mkdocs_yml(project, f'as_of: !ENV [EXPLAINER_TEST_AS_OF, "{AS_OF}"]')
    assert main(["check", "--strict"]) == 0, capsys.readouterr().out


def test_env_tag_variable_is_used(project: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """``content_dir: !ENV [VAR, content]`` checks the folder VAR names, as mkdocs build does."""
    write_files(project / "preview", {"actors/x.yml": "name: X\nkind: persn\nsummary: S.\n"})
    monkeypatch.setenv("EXPLAINER_TEST_CONTENT", "preview")
    mkdocs_yml(project, f"content_dir: !ENV [EXPLAINER_TEST_CONTENT, content]\nas_of: {AS_OF}")
    assert main(["check"]) == 1
    assert "preview/actors/x.yml:2:7: error:" in capsys.readouterr().out


# ------------------------------------------------------------------ subprocess


def test_module_entry_point(project: Path) -> None:
    write_files(project / "content", BAD_KIND)
    proc = subprocess.run([sys.executable, "-m", "generator.adapters.cli", "check"], cwd=project,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 1, proc.stderr
    assert ERROR_LINE.search(proc.stdout), proc.stdout
    assert re.search(r"\b1 error\(s\), 0 warning\(s\)", proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr
