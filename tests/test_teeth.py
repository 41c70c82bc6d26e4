"""Tooth numbering (Universal, FDI, supernumerary), tooth kinds, surfaces and areas."""
import pytest

from cdt_data.teeth import (
    fdi_to_universal, impossible_pairs, parse_arch, parse_quadrant, parse_surfaces, parse_tooth,
    wrong_for_tooth,
)

# Universal designation -> (dentition, kind, arch, quadrant)
KNOWN = [
    ("1", "permanent", "molar", "maxillary", "UR"),
    ("3", "permanent", "molar", "maxillary", "UR"),
    ("4", "permanent", "premolar", "maxillary", "UR"),
    ("6", "permanent", "anterior", "maxillary", "UR"),
    ("8", "permanent", "anterior", "maxillary", "UR"),
    ("9", "permanent", "anterior", "maxillary", "UL"),
    ("11", "permanent", "anterior", "maxillary", "UL"),
    ("12", "permanent", "premolar", "maxillary", "UL"),
    ("14", "permanent", "molar", "maxillary", "UL"),
    ("17", "permanent", "molar", "mandibular", "LL"),
    ("20", "permanent", "premolar", "mandibular", "LL"),
    ("22", "permanent", "anterior", "mandibular", "LL"),
    ("25", "permanent", "anterior", "mandibular", "LR"),
    ("28", "permanent", "premolar", "mandibular", "LR"),
    ("30", "permanent", "molar", "mandibular", "LR"),
    ("32", "permanent", "molar", "mandibular", "LR"),
    ("A", "primary", "molar", "maxillary", "UR"),
    ("C", "primary", "anterior", "maxillary", "UR"),
    ("E", "primary", "anterior", "maxillary", "UR"),
    ("F", "primary", "anterior", "maxillary", "UL"),
    ("I", "primary", "molar", "maxillary", "UL"),
    ("J", "primary", "molar", "maxillary", "UL"),
    ("K", "primary", "molar", "mandibular", "LL"),
    ("M", "primary", "anterior", "mandibular", "LL"),
    ("O", "primary", "anterior", "mandibular", "LL"),
    ("P", "primary", "anterior", "mandibular", "LR"),
    ("S", "primary", "molar", "mandibular", "LR"),
    ("T", "primary", "molar", "mandibular", "LR"),
]


@pytest.mark.parametrize("number, dentition, kind, arch, quadrant", KNOWN)
def test_universal_teeth(number, dentition, kind, arch, quadrant):
    tooth = parse_tooth(number)
    assert (tooth.universal, tooth.dentition, tooth.kind, tooth.arch, tooth.quadrant) == \
        (number, dentition, kind, arch, quadrant)
    assert not tooth.supernumerary


def test_every_universal_number_parses_and_kinds_are_symmetric():
    counts = {"anterior": 0, "premolar": 0, "molar": 0}
    for n in range(1, 33):
        counts[parse_tooth(n).kind] += 1
    assert counts == {"anterior": 12, "premolar": 8, "molar": 12}
    primary = [parse_tooth(c).kind for c in "ABCDEFGHIJKLMNOPQRST"]
    assert primary.count("anterior") == 12 and primary.count("molar") == 8


@pytest.mark.parametrize("raw, universal, like", [
    ("51", "51", "1"), ("82", "82", "32"), ("60", "60", "10"), ("AS", "AS", "A"), ("ts", "TS", "T"),
])
def test_supernumerary_teeth_take_the_kind_of_their_neighbour(raw, universal, like):
    tooth, neighbour = parse_tooth(raw), parse_tooth(like)
    assert tooth.supernumerary and tooth.universal == universal
    assert (tooth.kind, tooth.dentition, tooth.quadrant) == (neighbour.kind, neighbour.dentition, neighbour.quadrant)


@pytest.mark.parametrize("raw", ["0", "33", "50", "83", "U", "US", "", "1.5", "#", "3a", "-1", "AA", "€", "9" * 200])
def test_not_teeth(raw):
    assert parse_tooth(raw) is None


@pytest.mark.parametrize("raw", [None, True, 3.0, ["3"], {"n": 3}])
def test_odd_types_are_not_teeth(raw):
    assert parse_tooth(raw) is None


@pytest.mark.parametrize("raw, universal", [(" 3 ", "3"), ("03", "3"), ("#30", "30"), (30, "30"), ("k", "K")])
def test_lenient_universal_input(raw, universal):
    assert parse_tooth(raw).universal == universal


# FDI (ISO 3950) -> Universal, every corner of every quadrant
FDI = [
    ("18", "1"), ("11", "8"), ("21", "9"), ("28", "16"), ("38", "17"), ("31", "24"),
    ("41", "25"), ("48", "32"), ("36", "19"), ("46", "30"), ("16", "3"), ("13", "6"),
    ("55", "A"), ("51", "E"), ("61", "F"), ("65", "J"), ("75", "K"), ("71", "O"),
    ("81", "P"), ("85", "T"), ("74", "L"), ("84", "S"),
]


@pytest.mark.parametrize("fdi, universal", FDI)
def test_fdi_converts_exactly(fdi, universal):
    assert fdi_to_universal(fdi) == universal
    assert parse_tooth(fdi, "FDI").universal == universal


def test_fdi_is_a_bijection_onto_the_regular_teeth():
    permanent = [f"{q}{p}" for q in range(1, 5) for p in range(1, 9)]
    primary = [f"{q}{p}" for q in range(5, 9) for p in range(1, 6)]
    assert sorted(fdi_to_universal(n) for n in permanent) == sorted(str(n) for n in range(1, 33))
    assert sorted(fdi_to_universal(n) for n in primary) == list("ABCDEFGHIJKLMNOPQRST")


@pytest.mark.parametrize("raw", ["19", "10", "49", "56", "86", "90", "9", "A", "111", ""])
def test_not_fdi(raw):
    assert parse_tooth(raw, "FDI") is None


def test_surfaces_parse_in_any_common_spelling():
    for raw in ("MOD", "mod", "M,O,D", "M O D", ["M", "o", "D"]):
        assert parse_surfaces(raw).letters == ("M", "O", "D")
    s = parse_surfaces("MOMX")
    assert s.letters == ("M", "O") and s.duplicates == ("M",) and s.unknown == ("X",)


def test_surface_letters_by_tooth_kind():
    molar, incisor = parse_tooth("30"), parse_tooth("8")
    assert wrong_for_tooth(parse_surfaces("MODBL"), molar) == ()
    assert wrong_for_tooth(parse_surfaces("MIF"), molar) == ("I", "F")
    assert wrong_for_tooth(parse_surfaces("MIFL"), incisor) == ()
    assert wrong_for_tooth(parse_surfaces("OB"), incisor) == ("O", "B")
    assert impossible_pairs(parse_surfaces("OI")) == [("I", "O")]
    assert impossible_pairs(parse_surfaces("MODL")) == []


@pytest.mark.parametrize("raw, quadrant", [
    ("UR", "UR"), ("ul", "UL"), (" LL ", "LL"), ("lr", "LR"), ("10", "UR"), (20, "UL"), ("30", "LL"),
    ("40", "LR"), ("upper right", "UR"), ("Lower-Left", "LL"), ("UX", None), ("50", None), (True, None), ("", None),
])
def test_quadrants(raw, quadrant):
    assert parse_quadrant(raw) == quadrant


@pytest.mark.parametrize("raw, arch", [
    ("U", "maxillary"), ("l", "mandibular"), ("Maxillary", "maxillary"), ("mandibular", "mandibular"),
    ("01", "maxillary"), ("02", "mandibular"), (1, "maxillary"), (2, "mandibular"), ("upper", "maxillary"),
    ("00", None), ("sideways", None), (False, None),
])
def test_arches(raw, arch):
    assert parse_arch(raw) == arch
