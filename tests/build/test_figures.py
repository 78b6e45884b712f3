"""A figure block: its image read from the spec's own folder under the logo's rules, printed in the flow,
tagged as a Figure with its alternative text and its caption as text, counted by the report."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from handouts import SpecError, build_file, build_pdf, check_pdf, load_spec, make_report, validate_bytes
from handouts.cli.main import cli
from handouts.pdf.tagged import read_tagged
from handouts.spec.governance import content_hash
from handouts.spec.model import Figure, Spec
from tests.helpers.cli import refused_in_one_line
from tests.helpers.clinics import image
from tests.helpers.paths import EXAMPLE_FIGURE_SPEC
from tests.helpers.pdfs import images, squeeze, text_of

WHERE = "sections[1].blocks[3].image (section 'What is it?')"


def the_figure(spec: Spec) -> Figure:
    (figure,) = [block for section in spec.sections for block in section.blocks if isinstance(block, Figure)]
    return figure


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the example's folder, to change its image in."""
    target = tmp_path / "spec"
    shutil.copytree(EXAMPLE_FIGURE_SPEC.parent, target)
    return target


def test_a_figure_prints_with_its_alternative_text_and_caption(tmp_path: Path) -> None:
    built = build_file(EXAMPLE_FIGURE_SPEC, tmp_path / "out.pdf")
    figure = the_figure(built.spec)
    assert figure.caption and figure.picture is not None
    assert built.pages == 1 and len(images(built.pdf)) == 1
    tree = read_tagged(built.pdf).root
    assert tree is not None
    (tagged,) = [element for element in tree.walk() if element.role == "Figure"]
    assert tagged.alt == figure.alt
    (caption,) = [element for element in tree.walk() if element.role == "Caption"]
    assert squeeze(caption.text()) == squeeze(figure.caption)
    # In the flow: after the text before it and before the next section, as read and as printed.
    text = text_of(built.pdf)
    assert text.index(squeeze("lose strength for good.")) < text.index(squeeze(figure.caption))
    assert text.index(squeeze(figure.caption)) < text.index(squeeze("What are the signs?"))
    assert check_pdf(tmp_path / "out.pdf", built.spec).ok


def test_check_finds_a_figure_whose_description_is_not_in_the_tags(tmp_path: Path) -> None:
    build_file(EXAMPLE_FIGURE_SPEC, tmp_path / "out.pdf")
    changed = tomllib.loads(EXAMPLE_FIGURE_SPEC.read_text())
    changed["sections"][0]["blocks"][2]["alt"] = "A different description."
    spec = Spec.model_validate(changed)
    report = check_pdf(tmp_path / "out.pdf", spec)
    assert report.structure == [
        "its tags have no Figure described as 'A different description.' (the figure 'wrist.png')"
    ]
    assert [path for path, _ in report.missing] == ["content hash"]  # a description is not printed text


def test_the_report_counts_the_figure_for_the_visual_items(tmp_path: Path) -> None:
    built = build_file(EXAMPLE_FIGURE_SPEC, tmp_path / "out.pdf")
    report = make_report(built, file="figure.toml")
    items = {(item.tool, item.number): item for part in report.parts for item in part.items}
    assert items["PEMAT-P", 15].status == "met" and items["PEMAT-P", 15].evidence == "1 figure"
    assert items["PEMAT-P", 17].status == "met"
    assert items["CDC CCI", 4].status == "needs a person"
    assert "1 figure" in items["CDC CCI", 4].evidence


def test_the_content_hash_changes_with_the_image(folder: Path) -> None:
    spec = folder / "carpal-tunnel.toml"
    before = content_hash(load_spec(spec))
    with Image.open(folder / "wrist.png") as picture:
        picture.putpixel((0, 0), (0, 0, 0))
        picture.save(folder / "wrist.png")
    assert content_hash(load_spec(spec)) != before


def _outside(folder: Path) -> str:
    (folder / "wrist.png").unlink()
    (folder / "wrist.png").symlink_to(EXAMPLE_FIGURE_SPEC.parent / "wrist.png")
    return "'wrist.png' leads outside the spec's folder"


def _text(folder: Path) -> str:
    (folder / "wrist.png").write_text("not a picture\n")
    return "'wrist.png' is not a PNG or JPEG image (it looks like text)"


def _tiny(folder: Path) -> str:
    image(str(folder / "wrist.png"), (10, 10))
    return "'wrist.png' is 10 x 10 pixels; a figure must be 32 to 4000 pixels on each side"


def _missing(folder: Path) -> str:
    (folder / "wrist.png").unlink()
    return "'wrist.png' cannot be read: No such file or directory"


@pytest.mark.parametrize("spoil", [_outside, _text, _tiny, _missing])
def test_an_image_the_logo_rules_refuse_is_refused_in_one_line(
    folder: Path, spoil: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = spoil(folder)  # type: ignore[operator]
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["validate", "carpal-tunnel.toml"])
    assert refused_in_one_line(result, quiet=False) == f"carpal-tunnel.toml: {WHERE}: {message}"


def test_an_image_outside_the_folder_by_name_is_refused(folder: Path) -> None:
    spec = folder / "carpal-tunnel.toml"
    spec.write_text(spec.read_text().replace('"wrist.png"', '"../wrist.png"'))
    with pytest.raises(SpecError) as raised:
        load_spec(spec)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{spec}: {WHERE}: '../wrist.png' leads outside the spec's folder ('..' is not allowed)"
    ]


def test_a_figure_needs_the_specs_folder(folder: Path) -> None:
    source = (folder / "carpal-tunnel.toml").read_bytes()
    checked = validate_bytes(source, "text.toml")
    assert [str(problem) for problem in checked.errors] == [
        f"text.toml: {WHERE}: cannot be read: "
        "the spec's folder is not known (validate the file, not its text)"
    ]
    assert validate_bytes(source, "text.toml", folder=folder).problems == []
    made_in_code = Spec.model_validate(tomllib.loads(source.decode()))
    with pytest.raises(SpecError) as raised:
        build_pdf(made_in_code, file="code.toml")
    assert [str(problem) for problem in raised.value.problems] == [
        "code.toml: sections[1].blocks[3].image: was not read: load the spec from its file"
    ]


def test_a_bad_image_comes_with_the_specs_other_mistakes(folder: Path) -> None:
    _missing(folder)
    spec = folder / "carpal-tunnel.toml"
    spec.write_text(spec.read_text().replace('version = "1.0"', "version = 1.0"))
    with pytest.raises(SpecError) as raised:
        load_spec(spec)
    assert [problem.where for problem in raised.value.problems] == ["version", WHERE]
