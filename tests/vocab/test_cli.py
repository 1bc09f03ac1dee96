"""The `vocabulary build` command: exit codes and one-line errors."""

from pathlib import Path

from click.testing import CliRunner

from lmskg.vocab.cli import vocabulary

DATA = Path(__file__).parent / "data"


def run(*args: str):
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()  # click >= 8.2 keeps stderr apart
    return runner.invoke(vocabulary, ["build", *args])


def test_build_ok(tmp_path: Path) -> None:
    result = run("--tsv", str(DATA / "concepts.tsv"), "--curation", str(DATA / "curation.tsv"),
                 "--imports", str(DATA / "imports.tsv"),
                 "--import", f"{DATA / 'tiny.obo'}:anatomical_site:ids=TINY:0000004",
                 "--out", str(tmp_path), "-v")
    assert result.exit_code == 0, result.output
    assert "wrote 8 files" in result.output and "anatomy.ttl (5)" in result.output
    assert "shared label 'mass'" in result.output
    assert (tmp_path / "tumours.ttl").is_file()


def test_missing_tsv_is_one_line_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.tsv"
    result = run("--tsv", str(missing), "--no-curation", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(missing) in result.stderr
    assert result.stdout == ""


def test_malformed_tsv_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("category\tpreferred_label\ntumor\tLeiomyosarcoma\n", encoding="utf-8")
    result = run("--tsv", str(bad), "--no-curation", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert str(bad) in result.stderr and "missing column(s) curie" in result.stderr


def test_bad_import_option_exit_2(tmp_path: Path) -> None:
    result = run("--tsv", str(DATA / "concepts.tsv"), "--no-curation",
                 "--import", "x.obo:organ:all", "--out", str(tmp_path))
    assert result.exit_code == 2 and result.stderr.startswith("error: --import x.obo")
