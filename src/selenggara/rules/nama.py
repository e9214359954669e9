"""Comparable forms of Indonesian personal names and birthplaces, for duplicate-voter detection.

Why this exists: the same voter appears twice in a list (TMS 2, "ganda") because two records of
one person were typed by different hands, years apart. On Indonesian lists (DP4 from Dukcapil,
DPT of earlier elections, Pantarlih's coklit forms) the names of one person differ in ways an
English-oriented comparison (Jaro-Winkler on the raw string, Soundex) gets wrong:

- **Titles and degrees** are written or not, before and after the name: ``H. MOCH. SOEPRAPTO,
  S.PD.`` and ``MUHAMAD SUPRAPTO`` are one man. Hajj titles (H., Hj.), academic and
  professional titles (Drs., Ir., dr., Prof.), religious and noble titles (K.H., R.A.), and
  degrees (S.Pd., A.Md.Kep., M.M.) are removed (:data:`GELAR`). By the writing convention
  (Permendikbud on academic titles) degrees follow the name after a comma, so everything after
  the first comma is a title; degrees written without the comma are removed from the end.
- **Old spelling.** Until the 1972 spelling reform (EYD) ``oe`` was ``u``, ``dj`` ``j``, ``tj``
  ``c``, ``nj`` ``ny``, ``sj`` ``sy``, ``ch`` ``kh`` and ``j`` was ``y``; many people born before
  (and many after, whose parents kept the family spelling) still write ``SOEPRAPTO``,
  ``DJOKO``, ``TJAHJONO``. The old ``j`` = new ``y`` is the trap: mapping every J to Y breaks
  ``JOKO``, so a word is read as old spelling only when it carries a mark that exists only in
  old spelling (OE, DJ, TJ, SJ, or a leading NJ); in such a word every remaining J is a Y
  (``TJAHJONO`` -> ``CAHYONO``, ``SOERABAJA`` -> ``SURABAYA``), elsewhere J stays J.
- **Muhammad** is written a dozen ways and abbreviated (``M.``, ``MOCH.``, ``MUH.``, ``MHD``);
  all become ``MUHAMMAD``. ``M.`` as the first word is Muhammad; elsewhere a lone M is an
  initial and stays.
- **Siti, Nur, Abdul**: ``ST.`` as the first word is Siti (at the end it is the degree Sarjana
  Teknik); ``NOER``/``NOOR``/``NOR`` are Nur; ``ABD.`` and the Arabic assimilated article
  (``ABDURRAHMAN``, ``ABDUR RAHMAN``, ``ABDUSSALAM``) are ``ABDUL`` + the next word.
- **Doubled letters** are a spelling choice (``HASSAN``/``HASAN``, ``MUTTAQIN``) and collapse.
- **Spaces inside names** (``NUR HAYATI``/``NURHAYATI``): :func:`rapat` drops them.

The forms are layered, from strict to loose, so the linkage model can weigh each agreement
separately: :func:`bersihkan` (titles, spelling, Muhammad...), :func:`rapat` (also without
spaces), :func:`kunci_fonetik` (also sounds Indonesians write in several ways). Every form is
a function of :func:`bersihkan`, so two names with the same clean form agree at every level.

Speed matters: the linkage calls these once per distinct name on lists of up to a million
voters, so every pattern is compiled once at import and the common path is a few regex calls.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MUHAMMAD = "MUHAMMAD"

# --------------------------------------------------------------------------- titles

# Titles written before the name. Letters only, dots between the parts of a dotted form
# ("K.H"); the trailing dot is never part of the form. Old-spelling and doubled forms are
# listed only where they survive normalisation (HADJI becomes HAJI by itself).
_AWALAN = frozenset(
    {
        # Hajj: H. / Hj. / Hjh. and the words written out
        "H", "HJ", "HJH", "HAJI", "HAJJAH", "HAJAH",
        # academic and professional: Drs./Dra. (old doctorandus/doctoranda), Ir., Dr. and
        # dr. (doctor of medicine: the same letters once upper-cased), drg., drh., Prof., and
        # the profession titles written in front since 2016 (apt., Ns., Bd.)
        "DRS", "DRA", "IR", "DR", "DOKTER", "DRG", "DRH", "PROF", "APT", "NS", "BD",
        # religious: Kyai Haji, kyai, ustadz/ustadzah
        "KH", "K.H", "KYAI", "KIAI", "KJAI", "UST", "USTAD", "USTADZ", "USTAZ", "USTADZAH",
        "USTAZAH", "USTADAH",
        # Javanese nobility: Raden, Raden Ajeng/Ayu, Raden Roro, Raden Mas. A lone "R." is left
        # alone: it is as often an initial (R. = Rahmat, Rudi) as Raden.
        "RADEN", "RA", "R.A", "RR", "R.R", "RM", "R.M", "R.AY",
        # forms of address some typists copy from letters: Nyonya, Tuan, Bapak, Saudara/i
        "NY", "NYONYA", "TN", "BPK", "SDR", "SDRI",
        # almarhum/almarhumah on records of the deceased
        "ALM", "ALMH",
    }
)  # fmt: skip

# Degrees, written after the name. Dotted forms as the Ministry lists them, and the undotted
# forms typists use ("SPD", "SE"). Undotted forms that are also common name words ("MA", "AMA",
# the collapsed "SS") are left out: without a dot they are more often part of a name.
_AKHIRAN = frozenset(
    {
        # sarjana (S1)
        "S.PD", "S.PD.I", "S.PD.SD", "S.KEP", "S.H", "S.H.I", "S.HI", "S.E", "S.E.I", "S.EI",
        "S.T", "S.KOM", "S.AG", "S.SOS", "S.SOS.I", "S.IP", "S.I.P", "S.AP", "S.SI", "S.FARM",
        "S.KM", "S.PSI", "S.STP", "S.S", "S.SN", "S.HUM", "S.TH", "S.TH.I", "S.THI", "S.TP",
        "S.PT", "S.P", "S.HUT", "S.KED", "S.KG", "S.GZ", "S.ST", "S.TR.KEB", "S.TR.KES",
        "S.TR.T", "S.I.KOM", "S.IKOM", "S.KEB", "S.DS", "S.PI", "S.AK", "S.AB", "S.KEL",
        "SPD.I", "SPD", "SPDI", "SKEP", "SH", "SHI", "SE", "SEI", "ST", "SKOM", "SAG", "SSOS",
        "SIP", "SAP", "SSI", "SFARM", "SKM", "SPSI", "SSTP", "STP", "SP", "SKED", "SKEB", "SHUM",
        # ahli madya / ahli pratama (diploma)
        "A.MD", "A.MA", "A.MA.PD", "A.MD.KEP", "A.MD.KEB", "A.MD.FARM", "A.MD.KOM", "A.MD.AK",
        "A.MD.T", "A.MD.GZ", "A.MD.KES", "A.MD.RAD", "A.MK", "A.P", "A.KS",
        "AMD.KEP", "AMD.KEB", "AMD.FARM", "AMD.KOM",
        "AMD", "AMK", "AMKEB", "AMKEP", "AMDKEP", "AMDKEB", "AMDFARM", "AMDKOM", "AMAPD",
        # magister (S2)
        "M.PD", "M.PD.I", "M.SI", "M.M", "M.KES", "M.AG", "M.H", "M.H.I", "M.HI", "M.T",
        "M.KOM", "M.SC", "M.A", "M.E", "M.E.I", "M.HUM", "M.KN", "M.AK", "M.IP", "M.SOS",
        "M.ENG", "M.KEP", "M.FARM", "M.TR", "M.S", "M.P", "M.SN", "M.PH", "M.B.A", "M.ARS",
        "M.PSI", "M.KEB", "M.STAT", "MBA",
        "MPD", "MPDI", "MSI", "MM", "MKES", "MAG", "MH", "MT", "MKOM", "MSC", "MHUM", "MKN",
        "MSOS", "MKEP",
        # doctorate, specialists, old sarjana muda and foreign bachelor's degrees
        "PH.D", "PHD", "SP.A", "SP.OG", "SP.PD", "SP.B", "SP.JP", "SP.M", "SP.THT", "SP.KK",
        "SP.RAD", "SP.AN", "SP.S", "SP.P", "SP.KJ", "SP.U", "SP.OT", "SP.BS", "B.A", "BA",
        "B.SC", "BSC", "BC.HK", "B.ENG", "LL.M",
    }
)  # fmt: skip

GELAR: frozenset[str] = _AWALAN | _AKHIRAN
"""Every title and degree recognised, normalised: upper case, no trailing dot, dots between the
parts of a dotted form (``"S.PD"``, ``"K.H"``), undotted forms as typed (``"SPD"``)."""

# The longest dotted form has four parts (S.TR.KEB is three, M.B.A three; four leaves room).
_PANJANG_MAKS = 4

# --------------------------------------------------------------------------- spelling

_GANDA = re.compile(r"([A-Z])\1+")
# Marks that exist only in pre-1972 spelling; a word with one is read entirely as old spelling.
# NJ only at the start: in new spelling N+J occurs inside words (BANJAR, NGANJUK) but Indonesian
# words do not start with it, while old NJOMAN (new NYOMAN) does.
_TANDA_LAMA = re.compile(r"OE|DJ|TJ|SJ|^NJ")
# The old -> new map for a word in old spelling. The alternation tries the digraphs first, so
# the J of DJ becomes J and only a J standing alone (old j = new y) becomes Y.
_EJAAN_LAMA = re.compile(r"OE|DJ|TJ|SJ|NJ|CH|J")
_EJAAN_BARU = {"OE": "U", "DJ": "J", "TJ": "C", "SJ": "SY", "NJ": "NY", "CH": "KH", "J": "Y"}
# Dutch-style double O in NOOR (= Nur) before doubles collapse: NOORHAYATI, NOORDIN.
_NOOR = re.compile(r"^NOO+R")
# Anything _bentuk() would change: a double, an old mark, CH.
_PERLU = re.compile(r"([A-Z])\1|OE|DJ|TJ|SJ|^NJ|CH")


def _ejaan_baru(m: re.Match[str]) -> str:
    return _EJAAN_BARU[m.group()]


def _bentuk(kata: str) -> str:
    """One word (upper-case letters) in new spelling with doubled letters collapsed.

    Doubles collapse first so that ``DDJ`` is read as ``DJ``; the old-spelling map repeats until
    no old mark is left because one replacement can complete another (``TDJ`` -> ``TJ``); each
    round shortens the word or removes the last mark, so this ends. ``CH`` is ``KH`` in every
    word: it was the old spelling of kh and is not a new-spelling digraph. Doubles collapse again
    at the end because the map can create them (``UOE`` -> ``UU``); collapsing never creates a
    new pair of letters, so the result is a fixed point.
    """
    if not _PERLU.search(kata):
        return kata  # the common case: a new-spelling word without doubles
    if kata.startswith("NOO"):
        kata = _NOOR.sub("NUR", kata)
    kata = _GANDA.sub(r"\1", kata)
    while _TANDA_LAMA.search(kata):
        kata = _EJAAN_LAMA.sub(_ejaan_baru, kata)
    if "CH" in kata:
        kata = kata.replace("CH", "KH")
    return _GANDA.sub(r"\1", kata)


# --------------------------------------------------------------------------- text to words

_APOSTROF = re.compile(r"['`´‘’ʼ]")  # MA'RUF is one word: the apostrophe is a glottal stop
_KOMA = re.compile(r"[,;]")
_KATA = re.compile(r"([A-Z]+)(\.)?")  # a run of letters and whether a dot follows it at once


def _huruf_besar(teks: str) -> str:
    """Upper case, accents and compatibility forms (ligatures, full-width letters) folded to
    ASCII, so "Siti Aminah", "SITI AMINAH" and "ＳＩＴＩ" compare equal."""
    if teks.isascii():
        return teks.upper()
    teks = unicodedata.normalize("NFKD", teks).upper()
    teks = unicodedata.normalize("NFKD", teks)  # upper() can compose again (ǰ -> J̌)
    # Drop the combining accents NFKD split off, or they would cut RÉNÉ into RE NE.
    return "".join(c for c in teks if not unicodedata.combining(c))


class _Kata:
    """A word of a name: as typed (``asli``), whether a dot followed it, and its normal form."""

    __slots__ = ("asli", "bentuk", "titik")

    def __init__(self, asli: str, titik: bool, bentuk: str | None = None) -> None:
        self.asli = asli
        self.titik = titik
        self.bentuk = _bentuk(asli) if bentuk is None else bentuk


def _kata_kata(bagian: str) -> list[_Kata]:
    return [_Kata(m.group(1), m.group(2) is not None) for m in _KATA.finditer(bagian)]


def _bagian(nama: str) -> tuple[str, list[str]]:
    """The name part and the parts after it (split on commas): the first part with a letter is
    the name, every later part holds degrees."""
    teks = _APOSTROF.sub("", _huruf_besar(nama))
    if "," not in teks and ";" not in teks:
        return teks, []
    parts = _KOMA.split(teks)
    for i, p in enumerate(parts):
        if _KATA.search(p):
            return p, parts[i + 1 :]
    return "", []


# --------------------------------------------------------------------------- title matching


def _gelar_cocok(kata: list[_Kata], himpunan: frozenset[str]) -> bool:
    """True when the words, joined by the dots that followed all but the last, are a title.

    Joined words are compared in their dotted form only: undotted, "DR. H." would read as
    DRH (dokter hewan) instead of Dr. + H.
    """
    if len(kata) == 1:
        k = kata[0]
        return k.asli in himpunan or k.bentuk in himpunan
    if not all(k.titik for k in kata[:-1]):
        return False
    return ".".join(k.asli for k in kata) in himpunan


def _tulis(kata: list[_Kata]) -> str:
    return ".".join(k.asli for k in kata)


def _gelar_saja(kata: list[_Kata]) -> list[str]:
    """Group the words after a comma into degrees: known ones greedily (longest first), an
    unknown dotted run (a degree not in :data:`GELAR`, e.g. S.TR.KEP) as one item."""
    hasil: list[str] = []
    i, n = 0, len(kata)
    tidak_dikenal: list[_Kata] = []
    while i < n:
        for k in range(min(_PANJANG_MAKS, n - i), 0, -1):
            if _gelar_cocok(kata[i : i + k], GELAR):
                if tidak_dikenal:
                    hasil.append(_tulis(tidak_dikenal))
                    tidak_dikenal = []
                hasil.append(_tulis(kata[i : i + k]))
                i += k
                break
        else:
            tidak_dikenal.append(kata[i])
            if not kata[i].titik:
                hasil.append(_tulis(tidak_dikenal))
                tidak_dikenal = []
            i += 1
    if tidak_dikenal:
        hasil.append(_tulis(tidak_dikenal))
    return hasil


# --------------------------------------------------------------------------- name words

# The short forms of Muhammad, after normalisation (MOCH. -> MOKH, MOEH. -> MUH).
_MUHAMMAD_PENDEK = frozenset(
    {"MUH", "MOH", "MOKH", "MUKH", "MHD", "MUHD", "MOHD", "MOKHD", "MUKHD", "MUHAM", "MOHAM",
     "MUHAMD", "MOHAMD", "MOKHAMD", "MUKHAMD", "MHMD", "MUHMD", "MOHMD"}
)  # fmt: skip
# The written-out forms after doubles collapse and CH -> KH: MUHAMAD, MOHAMAD, MOKHAMAD,
# MUKHAMAD, MOHAMED, MUHAMAT... MAHMUD (another name) does not match: its second letter is A.
_MUHAMMAD_PANJANG = re.compile(r"M[UO](?:KH|H)?AM[AE][DT]")
# ABD., ABDUL, and the assimilated article written as its own word (ABDUR RAHMAN): Abdul.
_ABDUL = frozenset({"ABD", "ABDL", "ABDU", "ABDUL", "ABDUR", "ABDUS", "ABDUN", "ABDUZ", "ABDUT",
                    "ABDUD"})  # fmt: skip
# Abdu + a sun letter + the rest: ABDURAHMAN (from ABDURRAHMAN), ABDUSALAM, ABDUNASIR.
_ABDU_SAMBUNG = re.compile(r"ABDU([RSNZTD])([AEIOUY][A-Z]+)")
# ABDUL written together with a name that starts with a consonant: ABDULKADIR, ABDULRAHMAN.
# Not ABDULLAH (Abd-Allah, one name) nor ABDUL + vowel (ABDULATIF, collapsed from ABDULLATIF,
# already agrees with ABDUL LATIF once spaces are dropped by rapat()).
_ABDUL_SAMBUNG = re.compile(r"ABDUL([BCDFGHJKMNPQRSTVWXYZ][A-Z]{2,})")


def _pisah(kata: list[_Kata]) -> list[_Kata]:
    """Split ABDU-/ABDUL- compounds into ABDUL + name, so they agree with the spaced forms."""
    hasil: list[_Kata] = []
    for k in kata:
        m = _ABDU_SAMBUNG.fullmatch(k.bentuk)
        if m:
            sisa = m.group(1) + m.group(2)
        else:
            m = _ABDUL_SAMBUNG.fullmatch(k.bentuk)
            sisa = m.group(1) if m else ""
        if sisa:
            hasil.append(_Kata("ABDUL", False, "ABDUL"))
            sisa = _bentuk(sisa)
            hasil.append(_Kata(sisa, k.titik, sisa))
        else:
            hasil.append(k)
    return hasil


def _urai(nama: str, catat: bool = False) -> tuple[list[str], list[str]]:
    """The words of the clean name, and (when ``catat``) the titles found, in order.

    Titles are taken off the front and degrees off the end while at least one word remains:
    a record whose whole name is "HAJI" keeps it rather than becoming empty. Every step works
    on normal forms, so a word kept here is kept again when the output is cleaned a second
    time (idempotence).
    """
    utama, sesudah = _bagian(nama)
    kata = _kata_kata(utama)
    if "ABD" in utama:  # ABDU or old ABDOE
        kata = _pisah(kata)
    n = len(kata)
    gelar: list[str] = []
    # titles in front
    i = 0
    while n - i > 1:
        for k in range(min(_PANJANG_MAKS, n - i - 1), 0, -1):
            if _gelar_cocok(kata[i : i + k], _AWALAN):
                if catat:
                    gelar.append(_tulis(kata[i : i + k]))
                i += k
                break
        else:
            break
    # degrees at the end, without a comma
    j = n
    belakang: list[str] = []
    while j - i > 1:
        for k in range(min(_PANJANG_MAKS, j - i - 1), 0, -1):
            if _gelar_cocok(kata[j - k : j], _AKHIRAN):
                if catat:
                    belakang.append(_tulis(kata[j - k : j]))
                j -= k
                break
        else:
            break
    if catat:
        gelar.extend(reversed(belakang))
        for p in sesudah:
            gelar.extend(_gelar_saja(_kata_kata(p)))

    hasil: list[str] = []
    akhir = j - 1
    for idx in range(i, j):
        b = kata[idx].bentuk
        lanjut = idx < akhir  # another word follows
        if idx == i and lanjut and b == "M":
            b = MUHAMMAD  # "M. YUSUF": a leading M. is Muhammad
        elif idx == i and lanjut and b == "ST":
            b = "SITI"  # "ST. AMINAH"; at the end ST is the degree, removed above
        elif b in _MUHAMMAD_PENDEK or _MUHAMMAD_PANJANG.fullmatch(b):
            b = MUHAMMAD
        elif lanjut and b in _ABDUL:
            b = "ABDUL"
        elif b == "NOR":
            b = "NUR"
        hasil.append(b)
    return hasil, gelar


# --------------------------------------------------------------------------- public API: names


def gelar_dari(nama: str) -> tuple[str, ...]:
    """The titles and degrees in ``nama``, normalised (see :data:`GELAR`), in the order written:
    ``"H. MOCH. SOEPRAPTO, S.Pd., M.M."`` -> ``("H", "S.PD", "M.M")``.

    Everything after a comma is listed, known or not (the comma is where degrees go).
    """
    return tuple(_urai(nama, catat=True)[1])


# Cached because the linkage asks for bersihkan, rapat and kunci_fonetik of the same name in a
# row, and the last two are built on the first.
@lru_cache(maxsize=4096)
def bersihkan(nama: str) -> str:
    """The comparable form of a name: upper-case A-Z words separated by single spaces, titles
    and degrees removed, old spelling made new, Muhammad/Siti/Nur/Abdul in one form, doubled
    letters collapsed (the one exception is the canonical ``MUHAMMAD``).

    ``"H. MOCH. SOEPRAPTO, S.PD."`` and ``"MUHAMAD SUPRAPTO"`` both give
    ``"MUHAMMAD SUPRAPTO"``. Idempotent: cleaning a clean name changes nothing.
    """
    return " ".join(_urai(nama)[0])


def rapat(nama: str) -> str:
    """:func:`bersihkan` without spaces, doubles collapsed across the former word boundary:
    ``NUR HAYATI`` = ``NURHAYATI``, ``ABDUL LATIF`` = ``ABDULLATIF``, ``NUR ROHMAN`` =
    ``NURROHMAN``."""
    return _GANDA.sub(r"\1", bersihkan(nama).replace(" ", ""))


def token_nama(nama: str) -> tuple[str, ...]:
    """The words of :func:`bersihkan`, for comparisons that ignore word order or count shared
    words (``SITI AMINAH`` vs ``AMINAH``)."""
    return tuple(_urai(nama)[0])


# Phonetic rules, applied in this order to the clean form. Each merges spellings Indonesians
# use for one sound; none merges sounds that tell common names apart (J/Y stay apart: JOKO is
# not YOKO; E and I stay apart: SETO is not SITI).
_FON_GANTI = re.compile(r"DZ|KH|PH|SY|TS|Q|X|Z|F|V")
_FON_PETA = {
    # Arabic dz/z is written Z, DZ or J (ZAINAL/JAINAL, DZULKIFLI/ZULKIFLI/JULKIFLI)
    "DZ": "J", "Z": "J",
    # Arabic kh is written KH, CH (already KH) or H (KHOLIS/CHOLIS/HOLIS); see H below
    "KH": "H",
    # f and v are pronounced and often written p (ARIF/ARIP, NOVI/NOPI, FITRI/PITRI)
    "PH": "P", "F": "P", "V": "P",
    # sy is written S as often as SY (SYAIFUL/SAIFUL); Arabic ts is S (TSABIT/SABIT)
    "SY": "S", "TS": "S",
    # Arabic q is K (QOMARUDIN/KOMARUDIN, ISHAQ/ISHAK); x is ks
    "Q": "K", "X": "KS",
}  # fmt: skip
# H after a letter is often silent or not written (RAHMAN/RACHMAN/RAKHMAN, FATIMAH/FATIMA,
# SHOLEH/SOLEH, YUDHI/YUDI); a leading H is kept, because HADI and ADI are two names.
_FON_H = re.compile(r"(?<=[A-Z])H")
# Javanese writes the diphthongs ai/au as ae/ao (SAEFUL/SAIFUL, ZAENAL, DAOD/DAUD).
_FON_AE = re.compile(r"A([EO])")
_FON_DIFTONG = {"E": "AI", "O": "AU"}
# aw/ay closing a syllable are the diphthongs au/ai (FAWZI/FAUZI).
_FON_AW = re.compile(r"(?<=A)W(?![AEIOU])")
# Y not before a vowel is the vowel i (ANDY/ANDI, RUDY/RUDI).
_FON_Y_VOKAL = re.compile(r"Y(?![AEIOU])")
# After a consonant other than N (NY is a letter of its own), Y before a vowel is written I
# too (SOFYAN/SOFIAN, MULYADI/MULIADI).
_FON_Y_KONSONAN = re.compile(r"(?<=[BCDFGHJKLMPQRSTVWXZ])Y(?=[AEIOU])")
# The glides between i/u and a vowel are written or not (SOFIYAN/SOFIAN, ZAKARIYA/ZAKARIA,
# SUWARNO/SUARNO).
_FON_LUNCUR = re.compile(r"(?<=I)Y(?=[AEIOU])|(?<=U)W(?=[AEIOU])")
# Dutch-era IE for the vowel i survives in names (ARIEF/ARIF, NURDIEN/NURDIN).
_FON_IE = re.compile(r"IE(?![AEIOU])")
# Javanese pronounces a as [ɔ] and many names are written either way (SUTRISNO/SUTRISNA,
# ROHMAT/RAHMAT, SOLEH/SALEH, MULYONO/MULYANA, JOKO/JAKA): O is read as A.
_FON_O = str.maketrans("O", "A")


def _fon_diftong(m: re.Match[str]) -> str:
    return _FON_DIFTONG[m.group(1)]


def _fon_ganti(m: re.Match[str]) -> str:
    return _FON_PETA[m.group()]


def kunci_fonetik(nama: str) -> str:
    """A phonetic key per word of :func:`bersihkan`, space-separated, tuned to how Indonesian
    names vary in writing (see the rules above): ``RACHMAN``/``RAKHMAN``/``RAHMAN`` -> ``RAMAN``,
    ``SOEPRAPTO``/``SUPRAPTO`` -> ``SUPRAPTA``, ``FATIMAH``/``FATIMA`` -> ``PATIMA``.

    Readable letters, not codes, so a reviewer can see why two names were compared. A function
    of :func:`bersihkan`: equal clean forms give equal keys.
    """
    s = bersihkan(nama)
    s = _FON_GANTI.sub(_fon_ganti, s)
    s = _FON_H.sub("", s)
    s = _FON_IE.sub("I", s)
    s = _FON_AE.sub(_fon_diftong, s)
    s = _FON_AW.sub("U", s)
    s = _FON_Y_VOKAL.sub("I", s)
    s = _FON_Y_KONSONAN.sub("I", s)
    s = _FON_LUNCUR.sub("", s)
    s = s.translate(_FON_O)
    return _GANDA.sub(r"\1", s)


# --------------------------------------------------------------------------- birthplaces

# Words in front of a regency or city name: "KAB. MALANG", "KOTA ADM. JAKARTA SELATAN".
_AWALAN_TEMPAT = frozenset(
    {"KAB", "KABUPATEN", "KOTA", "KOTAMADYA", "KODYA", "KOTIF", "ADM", "ADMINISTRASI",
     "ADMINISTRATIF"}
)  # fmt: skip

# Well-known birthplaces whose old spelling, other name or abbreviation the spelling rules alone
# do not bring to the current name (old J = Y without another old mark, O/A in Javanese names,
# colonial names, abbreviations typists use). Old-spelling forms the rules do handle
# (TJILATJAP -> CILACAP) need no entry but are listed where they document a place.
_TEMPAT: dict[str, tuple[str, ...]] = {
    "JAKARTA": ("DJAKARTA", "JKT", "DKI", "DKI JAKARTA", "JAKARTA RAYA", "BATAVIA"),
    "SURABAYA": ("SOERABAJA", "SOERABAYA", "SURABAJA", "SBY"),
    "YOGYAKARTA": ("DJOKJAKARTA", "JOGJAKARTA", "JOKJAKARTA", "JOGYAKARTA", "YOGJAKARTA",
                   "DJOKJA", "JOGJA", "JOGYA", "YOGYA", "YOGJA", "YK", "NGAYOGYAKARTA"),
    "KEDIRI": ("KADIRI", "KDR"),
    "MOJOKERTO": ("MODJOKERTO", "MADJAKERTA", "MAJAKERTA", "MJK"),
    "TULUNGAGUNG": ("TOELOENGAGOENG", "TULUNG AGUNG"),
    "NGANJUK": ("NGANDJOEK",),
    "JOMBANG": ("DJOMBANG",),
    "TRENGGALEK": ("TRENGALEK",),
    "BANYUWANGI": ("BANJOEWANGI", "BANJUWANGI", "BWI"),
    "BLITAR": (),
    "MALANG": ("MLG",),
    "SEMARANG": ("SMG",),
    "BANDUNG": ("BANDOENG", "BDG"),
    "SURAKARTA": ("SOLO", "SOERAKARTA", "SKA"),
    "CILACAP": ("TJILATJAP",),
    "CIREBON": ("TJIREBON",),
    "MADIUN": ("MADIOEN",),
    "BOJONEGORO": ("BODJONEGORO",),
    "PURWOKERTO": ("POERWOKERTO",),
    "SIDOARJO": ("SIDOARDJO",),
    "PASURUAN": ("PASOEROEAN",),
    "LUMAJANG": ("LOEMADJANG",),
    "JEMBER": ("DJEMBER",),
    "JEPARA": ("DJEPARA",),
    "PACITAN": ("PATJITAN",),
    "KUDUS": ("KOEDOES",),
    "SUKABUMI": ("SOEKABOEMI",),
    "CIANJUR": ("TJIANDJOER",),
    "BOGOR": ("BUITENZORG",),
    "BOYOLALI": ("BOJOLALI",),
    "KARANGANYAR": ("KARANGANJAR",),
    "SUKOHARJO": ("SOEKOHARDJO",),
    "PROBOLINGGO": (),
    "BUKITTINGGI": ("BUKIT TINGGI", "FORT DE KOCK"),
    "BANJARMASIN": ("BANDJARMASIN",),
    "MAKASSAR": ("MAKASAR", "UJUNG PANDANG", "UJUNGPANDANG", "OEDJOENGPANDANG"),
    "MANADO": ("MENADO",),
    "BANDA ACEH": ("KUTARAJA", "KOETARADJA", "KOTARAJA"),
}  # fmt: skip


def _kata_tempat(tempat: str) -> list[str]:
    teks = _APOSTROF.sub("", _huruf_besar(tempat))
    kata = [_bentuk(m.group(1)) for m in _KATA.finditer(teks)]
    i = 0
    while len(kata) - i > 1 and kata[i] in _AWALAN_TEMPAT:
        i += 1
    return kata[i:]


def _kunci_tempat(kata: list[str]) -> str:
    return _GANDA.sub(r"\1", "".join(kata))


def _peta_tempat() -> dict[str, str]:
    peta: dict[str, str] = {}
    for resmi, lain in _TEMPAT.items():
        for bentuk in lain:
            peta[_kunci_tempat(_kata_tempat(bentuk))] = resmi
    for resmi in _TEMPAT:  # last, so every current name maps to itself
        peta[_kunci_tempat(_kata_tempat(resmi))] = resmi
    return peta


_PETA_TEMPAT = _peta_tempat()


def bersihkan_tempat(tempat: str) -> str:
    """The comparable form of a birthplace: upper-case A-Z words, "KAB."/"KOTA" and the like
    removed from the front, old spelling made new and doubles collapsed as in names, and the
    well-known old names and abbreviations mapped to the current name (``"Kab. Tjilatjap"`` ->
    ``"CILACAP"``, ``"SOERABAJA"``/``"SBY"`` -> ``"SURABAYA"``, ``"Djokja"`` ->
    ``"YOGYAKARTA"``). Idempotent."""
    kata = _kata_tempat(tempat)
    return _PETA_TEMPAT.get(_kunci_tempat(kata)) or " ".join(kata)
