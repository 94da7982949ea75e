"""The GitHub Actions workflows in ``.github/workflows/``.

They cannot run here, so they are checked as far as they can be offline:
against GitHub's workflow schema (shipped inside ``check-jsonschema``), for
what each workflow must do, and for the commands their ``run:`` steps call:
each ``explainer …`` line must parse with the project's own argument parser
and each ``mkdocs …`` line with MkDocs' — and the preview's ``explainer diff``
line is run for real against a git repository laid out as on a pull request.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from conftest import AS_OF, ROOT, ContentFactory, write_files
from mkdocs.__main__ import cli as mkdocs_cli

from generator.adapters.cli import _parser, main

WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ("check.yml", "preview.yml", "publish.yml")

#: Sample values for the ``${{ … }}`` expressions the workflows use.
EXPRESSIONS = {
    "github.base_ref": "main",
    "github.sha": "0123456789abcdef0123456789abcdef01234567",
    "github.event.pull_request.number": "7",
    "github.repository_owner": "octo-org",
    "github.event.repository.name": "explainer",
    "github.event.pull_request.head.repo.full_name == github.repository": "true",
}
#: The variables GitHub sets on every runner that run steps may use.
RUNNER_ENV = {"GITHUB_STEP_SUMMARY": "/tmp/step-summary.md", "GITHUB_WORKSPACE": "/tmp/ws",
              "GITHUB_ENV": "/tmp/github-env"}
#: Programs a run step may call: the project's own, and standard ones.
PROGRAMS = {"explainer", "mkdocs", "pip", "cat", "test", "echo"}
_SHELL_OPERATORS = {"&&", "||", ";", "|", "&"}
_REDIRECTIONS = {">", ">>", "<", "2>", "2>&1"}


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: Mapping[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            yield job, step


def expand(text: str) -> str:
    """``${{ expr }}`` replaced by a sample value (unknown ones fail the test)."""
    def value(match: re.Match[str]) -> str:
        expr = match[1].strip()
        assert expr in EXPRESSIONS, f"no sample value for ${{{{ {expr} }}}}"
        return EXPRESSIONS[expr]
    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def environment(workflow: Mapping[str, Any], job: Mapping[str, Any],
                step: Mapping[str, Any]) -> dict[str, str]:
    env = dict(RUNNER_ENV)
    for scope in (workflow, job, step):
        env.update({k: expand(str(v)) for k, v in (scope.get("env") or {}).items()})
    return env


def commands(script: str, env: Mapping[str, str]) -> Iterator[list[str]]:
    """The simple commands of a run script, words split as the shell would (near enough)."""
    script = expand(script).replace("\\\n", " ")

    def variable(match: re.Match[str]) -> str:
        name = match[1] or match[2]
        assert name in env, f"${name} is not set in the workflow"
        return env[name]
    for line in script.splitlines():
        line = re.sub(r"\$\{(\w+)\}|\$(\w+)", variable, line)
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        command: list[str] = []
        words = iter(lexer)
        for word in words:
            if word in _SHELL_OPERATORS:
                if command:
                    yield command
                command = []
            elif word in _REDIRECTIONS:
                next(words, None)  # the target of the redirection
            else:
                command.append(word)
        if command:
            yield command


def run_commands(name: str) -> list[list[str]]:
    workflow = load(name)
    return [command for job, step in steps(workflow) if "run" in step
            for command in commands(step["run"], environment(workflow, job, step))]


# ------------------------------------------------------------------- schema


def test_workflow_files_exist() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.y*ml")) == sorted(NAMES)


def test_workflows_match_githubs_schema() -> None:
    """check-jsonschema's copy of the schema: no network."""
    files = [str(WORKFLOWS / name) for name in NAMES]
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", *files],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok -- validation done" in proc.stdout


def test_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
                      "    steps:\n      - uses: actions/checkout@v5\n        run: echo\n",
                      encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", str(broken)],
        capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1, proc.stdout


# ---------------------------------------------------------------- each file


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_and_python_is_311(name: str) -> None:
    for _, step in steps(load(name)):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", step["uses"]), step
        if str(step.get("uses", "")).startswith("actions/setup-python@"):
            assert step["with"]["python-version"] == "3.11"


@pytest.mark.parametrize("name", NAMES)
def test_run_steps_call_known_programs(name: str) -> None:
    found = run_commands(name)
    assert found
    for command in found:
        assert command[0] in PROGRAMS, f"{name}: unknown program in {shlex.join(command)}"


@pytest.mark.parametrize("name", NAMES)
def test_explainer_invocations_parse(name: str) -> None:
    explainer = [c for c in run_commands(name) if c[0] == "explainer"]
    assert explainer
    for command in explainer:
        try:
            args = _parser().parse_args(command[1:])
        except SystemExit:  # pragma: no cover - argparse printed why
            pytest.fail(f"{name}: {shlex.join(command)} does not parse")
        assert callable(args.run)


@pytest.mark.parametrize("name", NAMES)
def test_mkdocs_invocations_parse(name: str) -> None:
    mkdocs = [c for c in run_commands(name) if c[0] == "mkdocs"]
    assert mkdocs
    for command in mkdocs:
        context = click.Context(mkdocs_cli)
        sub = mkdocs_cli.get_command(context, command[1])
        assert sub is not None, command
        try:
            sub.make_context(command[1], command[2:], parent=context)
        except click.UsageError as exc:  # pragma: no cover
            pytest.fail(f"{name}: {shlex.join(command)}: {exc}")


def test_the_command_checks_parse_and_reject() -> None:
    """The helpers above fail on commands that do not exist."""
    with pytest.raises(SystemExit):
        _parser().parse_args(["diff", "origin/main", "--colour"])
    build = mkdocs_cli.get_command(click.Context(mkdocs_cli), "build")
    assert build is not None
    with pytest.raises(click.UsageError):
        build.make_context("build", ["--no-such-option"])
    assert list(commands('a "$X" > out.md && b --y=${X} | c\\\n  d', {"X": "1 2"})) == [
        ["a", "1 2"], ["b", "--y=1", "2"], ["c", "d"]]


def test_check_workflow() -> None:
    workflow = load("check.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert run_commands("check.yml") == [
        ["echo", "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)"],
        ["pip", "install", "-e", "."],
        ["explainer", "check", "--format", "github", "--strict"],
        ["mkdocs", "build", "--strict"],
    ]


def test_preview_workflow() -> None:
    workflow = load("preview.yml")
    assert workflow["on"]["pull_request"]["types"] == ["opened", "reopened", "synchronize",
                                                       "closed"]
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert "github.event.pull_request.number" in workflow["concurrency"]["group"]
    job = workflow["jobs"]["preview"]
    assert expand(job["env"]["SITE_URL"]) == \
        "https://octo-org.github.io/explainer/pr-preview/pr-7/"
    by_use = {step["uses"].split("@")[0]: step for _, step in steps(workflow) if "uses" in step}
    assert by_use["actions/checkout"]["with"]["fetch-depth"] == 0
    assert by_use["rossjrw/pr-preview-action"]["with"]["source-dir"] == "site"
    comment = by_use["marocchino/sticky-pull-request-comment"]["with"]
    diff = next(c for c in run_commands("preview.yml") if c[:2] == ["explainer", "diff"])
    args = _parser().parse_args(diff[1:])
    assert args.base == "origin/main"
    assert args.output == comment["path"]
    assert args.preview_url == expand(job["env"]["SITE_URL"])
    assert ["mkdocs", "build", "--strict", "--dirty"] in run_commands("preview.yml")
    cache = by_use["actions/cache"]
    assert cache["with"]["path"].split() == ["site", ".explainer-cache"]
    assert expand(cache["with"]["key"]).startswith("explainer-build-pr-7-")
    # this pull request's last build first, then its base branch's (publish.yml's key)
    assert expand(cache["with"]["restore-keys"]).splitlines() == [
        "explainer-build-pr-7-", "explainer-build-main-"]


def test_publish_workflow() -> None:
    workflow = load("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "write"}
    job = workflow["jobs"]["publish"]
    assert expand(job["env"]["SITE_URL"]) == "https://octo-org.github.io/explainer/"
    deploy = next(step for _, step in steps(workflow)
                  if str(step.get("uses", "")).startswith("JamesIves/github-pages-deploy-action@"))
    # the same branch as the previews, which it must neither delete nor overwrite
    assert deploy["with"] == {"folder": "site", "branch": "gh-pages",
                              "clean-exclude": "pr-preview/", "force": False}
    assert run_commands("publish.yml")[-2:] == [
        ["explainer", "check", "--format", "github", "--strict"],
        ["mkdocs", "build", "--strict", "--dirty"],
    ]
    cache = next(step for _, step in steps(workflow)
                 if str(step.get("uses", "")).startswith("actions/cache@"))
    assert cache["with"]["path"].split() == ["site", ".explainer-cache"]
    assert cache["with"]["key"] == "explainer-build-${{ github.ref_name }}-${{ github.sha }}"
    assert cache["with"]["restore-keys"].splitlines() == ["explainer-build-${{ github.ref_name }}-"]


@pytest.mark.parametrize("name", ["preview.yml", "publish.yml"])
def test_the_build_cache_is_restored_before_the_build(name: str) -> None:
    order = [str(step.get("uses", step.get("run", ""))) for _, step in steps(load(name))]
    cache = next(n for n, text in enumerate(order) if text.startswith("actions/cache@"))
    build = next(n for n, text in enumerate(order) if text.startswith("mkdocs build"))
    assert cache < build


# ------------------------------------------------- the preview's diff, for real


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    subprocess.run(["git", *args], cwd=root, capture_output=True, env=env, timeout=60,
                   check=True)


def test_preview_diff_step_runs(make_content: ContentFactory) -> None:
    """The step's own script, run by bash -e as on a runner, in a checkout like the one
    actions/checkout makes with fetch-depth 0 (the base branch as origin/main)."""
    root = make_content().root
    (root / "mkdocs.yml").write_text(
        f"site_name: Test\nsite_url: !ENV [SITE_URL, 'http://127.0.0.1:8000/']\n"
        f"plugins:\n  - explainer:\n      as_of: {AS_OF}\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "checkout", "-q", "-b", "pr")
    write_files(root / "content", {"actors/bob.yml": """\
        name: Bob Example
        kind: person
        summary: Works with [[alice]].
        """})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "add Bob")
    workflow = load("preview.yml")
    job, step = next((job, step) for job, step in steps(workflow)
                     if "explainer diff" in step.get("run", ""))
    env = {**os.environ, **environment(workflow, job, step),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def run_step() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=root, env=env,
                              capture_output=True, text=True, timeout=120, check=False)

    proc = run_step()
    assert proc.returncode == 0, proc.stderr
    text = (root / "content-diff.md").read_text(encoding="utf-8")
    assert "Compared with `origin/main` at `" in text
    assert "- added **Bob Example** (`bob`)" in text
    assert ("- added [`actors/bob.md`]"
            "(https://octo-org.github.io/explainer/pr-preview/pr-7/actors/bob/)") in text
    # errors in the content: the summary is still written, and the step passes
    write_files(root / "content", {"actors/bob.yml": "name: Bob\nkind: person\nsummary: [[x]]\n"})
    proc = run_step()
    assert proc.returncode == 0, proc.stderr
    assert "### Problems in the new content" in (root / "content-diff.md").read_text("utf-8")
    # a usage error (here: no such base branch) fails the step
    env["BASE_REF"] = "no-such-branch"
    proc = run_step()
    assert proc.returncode != 0, proc.stderr
    assert "no-such-branch" in proc.stderr


def test_annotations_name_files_from_the_repository_root(
        make_content: ContentFactory, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Steps run at the repository root: annotation paths must be relative to it, even
    when the site lives in a sub-folder."""
    root = make_content({"actors/bob.yml": "name: Bob\nkind: person\nsummary: See [[nobody]].\n"}
                        ).root
    site = root / "site-src"
    site.mkdir()
    (root / "content").rename(site / "content")
    (site / "mkdocs.yml").write_text(
        f"site_name: Test\nplugins:\n  - explainer:\n      as_of: {AS_OF}\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["check", "-f", "site-src/mkdocs.yml", "--format", "github", "--strict"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=site-src/content/actors/bob.yml,line=3,col=14,"), out


# ------------------------------------------------------------ SOURCE_DATE_EPOCH


@pytest.mark.parametrize("name", NAMES)
def test_builds_are_dated_from_the_commit(name: str, tmp_path: Path) -> None:
    """Each workflow sets SOURCE_DATE_EPOCH to the commit's time before it builds (the
    sitemap's lastmod, the default as_of): the step is run for real in a repository."""
    workflow = load(name)
    found = [(n, step) for n, (_, step) in enumerate(steps(workflow))
             if "SOURCE_DATE_EPOCH" in str(step.get("run", ""))]
    assert len(found) == 1, name
    at, step = found[0]
    builds = [n for n, (_, s) in enumerate(steps(workflow)) if "mkdocs build" in str(s.get("run"))]
    assert builds
    assert all(at < n for n in builds)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.txt").write_text("a\n")
    git(repo, "init", "-q")
    git(repo, "add", "a.txt")
    stamp = "1693872000"  # 2023-09-05
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit",
                    "-qm", "c", "--date", f"@{stamp}"], cwd=repo, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": f"@{stamp}"})
    github_env = tmp_path / "github-env"
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, check=True,
                   env={**os.environ, "GITHUB_ENV": str(github_env)})
    assert github_env.read_text() == f"SOURCE_DATE_EPOCH={stamp}\n"
