"""Pages in other scripts: Arabic laid out right to left and shaped, Chinese broken between characters,
Korean with its own face; read back as a reader meets them (poppler's text, our structure tree, the
fonts embedded), and a script with no font refused field by field."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handouts import Spec, build_pdf
from handouts.errors import GlyphError
from handouts.pdf.check import check_pdf_bytes
from handouts.pdf.tagged import Element, read_tagged
from handouts.spec.blocks import Paragraph
from tests.helpers.paths import REPO as ROOT
from tests.helpers.specs import fixture, load, one_paragraph, small_spec, spec_text, valid_spec

SCRIPTS = ROOT / "tests" / "fixtures" / "scripts"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def poppler_text(pdf: bytes, tmp_path: Path) -> str:
    """What pdftotext reads, in reading order: Arabic's presentation forms as the letters they are
    (NFKC), without the direction marks poppler puts around a right-to-left line."""
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub("[\u202a-\u202e]", "", unicodedata.normalize("NFKC", done.stdout))


def paragraphs(pdf: bytes) -> list[str]:
    root = read_tagged(pdf).root
    assert root is not None
    return [element.text() for element in root.walk() if element.role in ("P", "H1", "H2", "LBody")]


def roles(pdf: bytes, role: str) -> list[Element]:
    root = read_tagged(pdf).root
    assert root is not None
    return [element for element in root.walk() if element.role == role]


def fonts(pdf: bytes) -> dict[str, bool]:
    """Each font of the page by its base name: whether it is embedded with a map to Unicode."""
    resources: Any = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    found = {}
    for ref in resources.get_object()["/Font"].get_object().values():
        font = ref.get_object()
        descriptor = font.get("/FontDescriptor")
        embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
        found[str(font["/BaseFont"]).split("+")[-1]] = embedded and "/ToUnicode" in font
    return found


def block_text(spec: Spec, section: int) -> str:
    """The text of the first block of a section (a paragraph)."""
    block = spec.sections[section].blocks[0]
    assert isinstance(block, Paragraph)
    return block.text


ARABIC_LINES = [
    "الراحة والجبيرة تساعدان أغلب الناس. اتصل بنا إذا ضعفت يدك.",
    "إذا صارت يدك باردة أو زرقاء اتصل بالرقم 911 فورا.",
    "البس الجبيرة في الليل",
    "ما هو؟",
]


@pytest.fixture(scope="module")
def arabic() -> bytes:
    return build_pdf(load(SCRIPTS / "wrist-ar.toml")).pdf


@pytest.fixture(scope="module")
def chinese() -> bytes:
    return build_pdf(load(SCRIPTS / "wrist-zh.toml")).pdf


@needs_poppler
def test_an_arabic_page_reads_in_order_right_to_left(arabic: bytes, tmp_path: Path) -> None:
    # Poppler puts the glyphs it finds back in reading order by where they are drawn: drawn left to
    # right, these lines would come back word for word backwards.
    # Poppler sets a stop or a number between Arabic words apart, with a space of its own on one side
    # or the other: the characters are compared in order, without the spaces.
    text = squeezed(poppler_text(arabic, tmp_path))
    for line in ARABIC_LINES:
        assert squeezed(line) in text, line
    # A Latin word and a number inside Arabic keep their own order, in their place.
    assert squeezed("ذلك أحيانا في صورة MRI للرسغ.") in text
    assert "2027-07-01" in text and "wrist-ar" in text
    assert "11" + "9" not in text


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_an_arabic_page_tags_what_each_paragraph_reads_as(arabic: bytes) -> None:
    read = paragraphs(arabic)
    spec = load(SCRIPTS / "wrist-ar.toml")
    assert spec.title in read
    assert spec.key_message in read
    assert block_text(spec, 0) in read
    items = [element.text() for element in roles(arabic, "LBody")[:3]]
    assert items == ["البس الجبيرة في الليل", "خذ راحة من الكتابة", "حرك أصابعك برفق"]
    assert read_tagged(arabic).language == "ar"


@needs_poppler
def test_an_arabic_page_is_aligned_and_bulleted_on_the_right(arabic: bytes, tmp_path: Path) -> None:
    """Each line of a paragraph ends at the right margin; a bullet sits right of its item's text, and
    a list set two to a row starts in the right-hand column."""
    words = boxes(arabic, tmp_path)
    right = 612 - 36  # letter, half-inch margins
    for first in ("عصب", "صورة"):  # a word on each line of the first paragraph
        (y,) = {y for _, _, y, word in words if word == first}
        assert abs(max(x1 for _, x1, at, _ in words if at == y) - right) < 1.0
    y = min(y for _, _, y, word in words if word == "الليل")  # the first item: the night splint
    line = [(x0, x1, word) for x0, x1, at, word in words if abs(at - y) < 10]
    bullets = sorted(x0 for x0, _, word in line if word == "•")
    text = [x1 for _, x1, word in line if word != "•"]
    # Two items on the line, each with its bullet on its right; the first in the right-hand column.
    assert len(bullets) == 2
    assert bullets[1] > max(text) > right - 200
    assert bullets[0] < right / 2


def boxes(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, float, str]]:
    """The words poppler finds: left, right, bottom, and the word in reading order."""
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True)
    found: list[tuple[float, float, float, str]] = []
    pattern = r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    for match in re.finditer(pattern, done.stdout):
        # A word's box holds its glyphs as drawn, right to left: read back in reading order.
        word = unicodedata.normalize("NFKC", html.unescape(match[4]))
        word = word[::-1] if re.search("[\u0600-\u06ff]", word) else word
        found.append((float(match[1]), float(match[2]), round(float(match[3])), word))
    return found


def test_arabic_words_are_shaped_joined(arabic: bytes) -> None:
    """The letters of a word are drawn in their joined forms (initial, medial, final), not alone."""
    from tests.helpers.pdfs import text_of

    drawn = text_of(arabic)
    assert any("INITIAL FORM" in unicodedata.name(char, "") for char in drawn)
    assert any("MEDIAL FORM" in unicodedata.name(char, "") for char in drawn)


@needs_poppler
def test_a_chinese_page_breaks_lines_between_characters(chinese: bytes, tmp_path: Path) -> None:
    text = squeezed(poppler_text(chinese, tmp_path))
    spec = load(SCRIPTS / "wrist-zh.toml")
    paragraph = block_text(spec, 0)
    # The paragraph has no spaces and is wider than the page: it is broken between two characters.
    assert squeezed(paragraph) in text
    assert squeezed(block_text(spec, 2)) in text  # with a number among the characters
    assert squeezed(spec.key_message) in text


def test_a_chinese_page_tags_its_text_in_order(chinese: bytes) -> None:
    spec = load(SCRIPTS / "wrist-zh.toml")
    read = paragraphs(chinese)
    assert spec.title in read
    assert block_text(spec, 0) in read
    items = [element.text() for element in roles(chinese, "LBody")]
    assert items == ["晚上戴护具", "少写字\uff0c多休息", "轻轻活动手指"]  # a full-width comma


def test_the_faces_are_embedded_with_unicode_maps(arabic: bytes, chinese: bytes) -> None:
    assert fonts(arabic) == {
        "NotoSansArabic-Regular": True,
        "NotoSansArabic-Bold": True,
        "NotoSans-Regular": True,
        "NotoSans-Bold": True,  # the urgent box's "!"
    }
    assert fonts(chinese) == {"HandoutsHan-Regular": True, "NotoSans-Regular": True}


def test_script_pages_rebuild_byte_identical() -> None:
    for name in ("wrist-ar", "wrist-zh"):
        spec = load(SCRIPTS / f"{name}.toml")
        assert build_pdf(spec).pdf == build_pdf(spec).pdf


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")
def test_script_pages_are_sound_pdfs(arabic: bytes, chinese: bytes, tmp_path: Path) -> None:
    for name, pdf in (("ar", arabic), ("zh", chinese)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)
        checker = Path(sys.executable).with_name("pdfua")
        if checker.exists():
            done = subprocess.run(
                [str(checker), "check", str(path)], capture_output=True, text=True, check=False
            )
            assert "result: PASS (no findings)" in done.stdout, done.stdout


@needs_poppler
@pytest.mark.parametrize(
    ("language", "label", "face"),
    [
        ("ko", "환자 안내문", "HandoutsHangul-Bold"),
        ("zh", "患者须知", "HandoutsHan-Regular"),
        ("ar", "معلومات للمريض", "NotoSansArabic-Bold"),
    ],
)
def test_the_catalogue_labels_print(language: str, label: str, face: str, tmp_path: Path) -> None:
    """An English spec text on a page in the language: the catalogue's own words print in its face."""
    built = build_pdf(valid_spec(small_spec(extra=f'language = "{language}"')))
    assert label in poppler_text(built.pdf, tmp_path)
    assert face in fonts(built.pdf)


def test_a_script_with_no_font_is_one_error_per_field() -> None:
    text = spec_text(
        '[[sections]]\ntitle = "दर्द"\n\n[[sections.blocks]]\nkind = "paragraph"\n'
        'text = "घुटने में दर्द होना आम बात है"\n'
    )
    with pytest.raises(GlyphError) as caught:
        build_pdf(valid_spec(text), file="hi.toml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert all(line.endswith("handouts has no font for the Devanagari script yet") for line in lines)
    assert lines[0].startswith("hi.toml: sections[1].title (section 'दर्द'): holds 3 characters")


def test_a_rare_han_character_beyond_the_bundled_subset_is_named() -> None:
    text = one_paragraph("手腕𠀋痛")
    with pytest.raises(GlyphError) as caught:
        build_pdf(valid_spec(text), file="rare.toml")
    (line,) = str(caught.value).splitlines()
    assert "'𠀋' (U+2000B CJK UNIFIED IDEOGRAPH-2000B)" in line
    assert "the bundled fonts hold the common characters of the Han (GB 2312) script only" in line


def test_a_latin_build_reads_no_script_face() -> None:
    """The script faces are read when a text needs them, never for a Latin page (nor at import)."""
    code = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from handouts import build_pdf\n"
        "from tests.helpers.specs import valid_spec, small_spec\n"
        "build_pdf(valid_spec(small_spec()))\n"
        "print(sorted(name for name in pdfmetrics._fonts if name.startswith(('HandoutsH', 'HandoutsA'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


@needs_poppler
def test_an_arabic_page_mirrors_its_tables(arabic: bytes, tmp_path: Path) -> None:
    """The banner, the comparison and the footer read from the right, and are tagged in that order."""
    words = boxes(arabic, tmp_path)

    def left(word: str) -> float:
        return min(x0 for x0, _, _, found in words if found == word)

    assert left("الرسغ") > left("معلومات")  # the title on the right, the label on the left
    # (Words whose letters join into a ligature read back otherwise: these have none.)
    assert left("أسابيع") > left("بضعة")  # the comparison's first column on the right
    assert left("6") > left("أسابيع")  # a number stays with its word, right of it as it is read first
    assert left("مرة") > left("واحدة")
    assert left("الورقة") > left("Hand")  # the disclaimer before the record, from the right
    heads = [element.text() for element in roles(arabic, "TH")]
    assert heads == ["الجبيرة", "الحقنة", "متى", "المدة"]  # the columns, then each row's label
    read = paragraphs(arabic)
    assert read.index("ألم الرسغ") < read.index("معلومات للمريض")


@needs_poppler
def test_an_arabic_summary_reads_its_columns_from_the_right(tmp_path: Path) -> None:
    """A clinician summary is set in two columns: on an Arabic page the first is the right-hand one."""
    text = (SCRIPTS / "wrist-ar.toml").read_text(encoding="utf-8").replace('"patient"', '"clinician"')
    words = boxes(build_pdf(valid_spec(text)).pdf, tmp_path)
    middle = 612 / 2
    first = [x0 for x0, _, _, word in words if word == "هو؟"]  # the first section's heading
    later = [x1 for _, x1, _, word in words if "تابع" in word]  # the last one, run on to the left
    assert first and min(first) > middle
    assert later and max(later) < middle


def every_block_in_arabic() -> Spec:
    """The fixture that uses every block kind (citations, a link, definitions, a nested list, FAQs,
    references), on an Arabic page: some of its text in Arabic, some left in English and Spanish."""
    text = fixture("patient-full").replace('language = "es"', 'language = "ar"')
    for english, arabic in [
        ("Back pain is **very common** and usually *not serious* [1].", "ألم الظهر **شائع جدا** [1]."),
        ('"Stay active"', '"ابق نشيطا"'),
        ('"15 minutes at a time"', '"15 دقيقة كل مرة"'),
        ('meaning = "Pain that runs down the leg, along the sciatic nerve."', 'meaning = "ألم في الساق."'),
        ('answer = "Usually not in the first 6 weeks [2]."', 'answer = "عادة لا في أول 6 أسابيع [2]."'),
    ]:
        assert english in text
        text = text.replace(english, arabic)
    return valid_spec(text)


def test_every_block_kind_prints_and_reads_back_on_an_arabic_page() -> None:
    """handouts' own check finds every text of the spec on the page and in its tags, in order: a
    nested list too, which an ActualText on its parent item would hide."""
    spec = every_block_in_arabic()
    built = build_pdf(spec)
    report = check_pdf_bytes(built.pdf, spec)
    assert report.ok, (report.missing, report.structure)
    # A definition: its term (Lbl) and its meaning (LBody) side by side in their item, one above the other.
    (item,) = [element for element in roles(built.pdf, "LI") if "Sciatica" in element.text()]
    parts = [(kid.role, kid.text()) for kid in item.kids if isinstance(kid, Element)]
    assert parts == [("Lbl", "Sciatica"), ("LBody", "ألم في الساق.")]


@needs_poppler
def test_a_paragraph_that_starts_in_latin_letters_reads_left_to_right(tmp_path: Path) -> None:
    """On an Arabic page an English sentence (a reference's title, a clinic's name) keeps its order,
    its full stop at its end."""
    text = squeezed(poppler_text(build_pdf(every_block_in_arabic()).pdf, tmp_path))
    assert squeezed("Dose ≤ 1200 mg a day; blood pressure ≥ 140/90 needs a check → see your doctor.") in text
    assert squeezed("Acute low back pain: a review. BMJ. 2021.") in text


@needs_poppler
def test_a_phone_number_on_an_arabic_line_is_drawn_as_it_is_dialled(tmp_path: Path) -> None:
    """Its groups left to right and its "+" before them, the sentence's stop to their left."""
    text = (SCRIPTS / "wrist-ar.toml").read_text(encoding="utf-8")
    sentence = "إذا صارت يدك باردة أو زرقاء اتصل بالرقم 911 فورا."
    assert sentence in text
    text = text.replace(sentence, "اتصل على +1 555 0199.")
    pdf = build_pdf(valid_spec(text)).pdf
    found = boxes(pdf, tmp_path)
    (line,) = {bottom for _, _, bottom, word in found if "555" in word}
    drawn = "".join(
        word
        for _, _, bottom, word in sorted(found)
        if bottom == line and not re.search("[\u0600-\u06ff]", word)
    )
    assert drawn == ".+15550199"
