"""Name, birthplace and street pools for the synthetic Kota Kediri population.

Every person the demo produces is a random COMBINATION of common given names, so no real
person's full record is reproduced. The pools follow naming generations in East Java, because
a list where a 75-year-old is called "NABILA PUTRI" looks fake to any PPS member:

- born before ~1960: one-word Javanese names (SUTRISNO, SUPARMI), often in the old Dutch-era
  spelling (SOEPARMAN, DJOKO) that still appears on old records;
- born ~1960-1985: two-part names (BAMBANG SETIAWAN, SRI WAHYUNI, DWI RAHAYU);
- born after ~1985: Arabic-Islamic and modern names (MUHAMMAD RIZKI, NABILA PUTRI).

Christian, Chinese-Indonesian and other Indonesian families are mixed in. Names are uppercase
as Sidalih stores them. Spelling variants (MUHAMMAD / MOCH. / M., SITI / SITY, NUR / NOER,
U / OE) are what record linkage in coklit has to cope with, so :func:`varian_ejaan` produces
them for duplicates and misspelt records.
"""

from __future__ import annotations

import random

# --- Javanese-Muslim majority, by generation -------------------------------------------------

# fmt: off
LAMA_L = (
    "SUTRISNO", "SUPARDI", "SUKARJI", "SUGENG", "SLAMET", "SAMSUL", "KASMIN", "PAIMAN",
    "SUPRIYADI", "SUYITNO", "SUWARNO", "MUJIONO", "SUNARTO", "SAMSURI", "KARTONO", "SUKIRMAN",
    "SUMADI", "PONIRAN", "MARDI", "TUKIMAN", "SUDARMAN", "SUHARTO", "SUMARNO", "SUPRAPTO",
    "SUTIKNO", "WAGIMAN", "PARDI", "JAMARI", "SUYATNO", "SUKADI", "SUMIRAN", "DARMAJI",
    "RASIMIN", "KATIRAN", "JOKO", "SUKAMTO", "MISNADI", "SUWITO", "DJUMADI", "SUROSO",
    "KASIANTO", "MASHURI", "MUSTOFA", "ABDULLAH", "MARZUKI", "SAMIJAN", "TARMUJI", "SUBANDI",
)
LAMA_P = (
    "SUPARMI", "SUMARNI", "PAINEM", "SARMI", "KASIYEM", "TUMINAH", "SUMIATI", "SUKINAH",
    "PARMI", "SITI AMINAH", "SITI ROMLAH", "JUWARIYAH", "SUPINAH", "SUYATI", "MURTINI",
    "SUWARNI", "SUKARTI", "KATMI", "SUMIYATI", "TUKINEM", "PONIYEM", "MARSINI", "SITI KHOTIJAH",
    "SUNARSIH", "SUMIRAH", "RUKAYAH", "MASRUROH", "SUPIYAH", "SRI WAHYUNI", "SRI REJEKI",
    "SITI MUNAWAROH", "KARSINI", "SAMINAH", "MUNTIAH", "WAGINI", "SULASTRI", "SUPARTI",
    "ASMINAH", "SITI MAISAROH", "ROMLAH", "ZUBAIDAH", "SUTINAH", "TASMIRAH", "SUMINEM",
)
TENGAH_L1 = (
    "AGUS", "BAMBANG", "BUDI", "EKO", "DWI", "TRI", "HERU", "JOKO", "DIDIK", "HARI", "ARIF",
    "IMAM", "AHMAD", "ACHMAD", "MUHAMMAD", "MOCHAMAD", "ABDUL", "NUR", "YUDI", "WAHYU", "TEGUH",
    "ANDI", "HADI", "SUGENG", "SLAMET", "ROHMAT", "SAIFUL", "KHOIRUL", "DEDI", "HENDRO",
    "SUGIANTO", "SISWANTO", "SUPRIYANTO", "SUHARIYANTO", "MOH.", "ISWAHYUDI", "SUNARKO",
    "AMIN", "ZAINAL", "MUCHLIS", "RUDI", "DODIK", "ANANG", "PRIYO", "GATOT", "HARIS",
)
TENGAH_L2 = (
    "SETIAWAN", "SANTOSO", "PRASETYO", "SUSANTO", "WIBOWO", "PURNOMO", "HIDAYAT", "KURNIAWAN",
    "SUSILO", "WIDODO", "HARTONO", "SUPRIYANTO", "CAHYONO", "FAUZI", "ANAM", "ROHMAN",
    "SYAFII", "SAPUTRO", "NUGROHO", "RAHMAN", "HAKIM", "ARIFIN", "SALIM", "MUSTOFA", "HADI",
    "WAHYUDI", "SUBAGYO", "SETIYONO", "HARIYANTO", "SUKOCO", "SUGIARTO", "YULIANTO", "ASHARI",
    "EFENDI", "HUDA", "MAKSUM", "ROFIQ", "BASUKI", "PRAYITNO", "UTOMO", "SISWOYO", "RIYANTO",
)
TENGAH_P1 = (
    "SRI", "ENDANG", "DWI", "TRI", "YULI", "SITI", "NUR", "LILIK", "ERNA", "RINA", "WIWIK",
    "ANIK", "NINIK", "ENY", "ATIK", "DEWI", "RATNA", "INDAH", "ENDAH", "YAYUK", "TITIK", "UMI",
    "LUSI", "KHUSNUL", "IDA", "EVI", "SUSI", "NANIK", "WATI", "ISTIQOMAH", "TUTIK", "HERLINA",
    "NOVI", "RETNO", "SULIS", "MUNIROH", "HANIK", "YUNI", "ANI", "MEI",
)
TENGAH_P2 = (
    "WAHYUNI", "RAHAYU", "SUSILOWATI", "ASTUTIK", "LESTARI", "HANDAYANI", "SULISTYOWATI",
    "AMINAH", "KHOTIMAH", "HIDAYATI", "PURWANTI", "SETYOWATI", "WIDAYATI", "MULYANI",
    "KUSUMAWATI", "YULIANTI", "ROHMAH", "FATIMAH", "SUSANTI", "WULANDARI", "NINGSIH",
    "SURYANI", "KURNIAWATI", "PUJIASTUTI", "MARIYAM", "ZULAIKAH", "NURHAYATI", "WINARNI",
    "ANDAYANI", "RAHMAWATI", "SUPRAPTI", "INDRAWATI", "FAUZIAH", "ULFA", "MASLAHAH",
)
MUDA_L1 = (
    "MUHAMMAD", "MUHAMMAD", "MOCH.", "M.", "AHMAD", "RIZKI", "ADITYA", "DIMAS", "FAJAR", "BAYU",
    "RENDY", "DANI", "ILHAM", "REZA", "ALDI", "FERDI", "GILANG", "YOGA", "ANDIKA", "RIZAL",
    "FIRMAN", "HENDRA", "DENI", "ARYA", "RAFI", "FARHAN", "NAUFAL", "DAFFA", "ALFIN", "BAGUS",
    "DWI", "EKO", "TRI", "AGUNG", "ANDRE", "DIKY", "ERIK", "FIKRI", "HABIB", "IRFAN", "KEVIN",
    "RIDHO", "SATRIA", "WAHYU", "ZAKI", "ABDUL", "AKBAR", "DANANG",
)
MUDA_L2 = (
    "RIZKI", "PRATAMA", "SAPUTRA", "ARDIANSYAH", "FIRMANSYAH", "MAULANA", "HIDAYAT", "NUGROHO",
    "RAMADHAN", "ALFIAN", "SYAHPUTRA", "WICAKSONO", "KURNIAWAN", "SETIAWAN", "IRAWAN",
    "AKBAR", "FAUZAN", "HAKIM", "PRASETYO", "SANTOSO", "FIRDAUS", "ALFARIZI", "ADITYA",
    "PERMANA", "WIJAYA", "ILHAMI", "NUR ROHMAN", "ARIFIN", "HIDAYATULLAH", "SYAIFUDIN",
    "KHOIRUDIN", "ASHARI", "YULIANTO", "SUSANTO", "FAHREZI", "ARDIANTO", "SEPTIAN",
)
MUDA_P1 = (
    "NABILA", "AULIA", "DEWI", "PUTRI", "ANISA", "SALSABILA", "NUR", "SITI", "DWI", "AYU",
    "INTAN", "DINDA", "FITRI", "RATNA", "NOVITA", "WULAN", "AMALIA", "ELOK", "FARAH", "ZAHRA",
    "AISYAH", "KHOIRUN NISA", "RIZKA", "LAILA", "MAYA", "NADIA", "RIKA", "SHINTA", "TIARA",
    "VINA", "YUNITA", "ALFI", "DIAH", "EKA", "FENI", "INDRI", "LINDA", "MEGA", "NURUL", "RISMA",
    "SEPTI", "TRI", "ULFA", "WIDYA",
)
MUDA_P2 = (
    "PUTRI", "RAHMAWATI", "SAFITRI", "LESTARI", "RAHAYU", "WULANDARI", "PERMATASARI",
    "ANGGRAENI", "MAHARANI", "KURNIASARI", "NURHALIZA", "AMELIA", "FITRIANI", "RAHMA",
    "OKTAVIANI", "PRATIWI", "HIDAYATI", "AZZAHRA", "MAULIDA", "NOVIANTI", "AGUSTINA",
    "FEBRIANTI", "ISTIQOMAH", "KHASANAH", "MUFIDAH", "NINGRUM", "PUSPITASARI", "SARI",
    "SEPTIANI", "UTAMI", "YULIANA", "ARIFAH", "NUR AINI", "KUMALASARI",
)

# --- other communities -----------------------------------------------------------------------

KRISTEN_L = (
    "YOHANES", "YOSEPH", "PAULUS", "PETRUS", "STEFANUS", "ANTONIUS", "MARKUS", "BENEDIKTUS",
    "DANIEL", "SAMUEL", "MATIUS", "ANDREAS", "YAKOBUS", "FRANSISKUS", "IGNATIUS", "LUKAS",
)
KRISTEN_P = (
    "MARIA", "CHRISTINA", "THERESIA", "AGNES", "MARGARETHA", "ELISABETH", "YOHANA", "VERONIKA",
    "MAGDALENA", "LUSIA", "RUTH", "DEBORA", "KRISTIN", "MONICA", "CAECILIA", "YUSTINA",
)
TIONGHOA_MARGA = (
    "WIJAYA", "GUNAWAN", "SANTOSO", "HALIM", "TANOTO", "KUSUMA", "HARTONO", "SETIADI",
    "SUGIARTO", "TANUWIJAYA", "LIMANTO", "SALIM", "SETIAWAN", "HANDOKO", "SUSANTO", "CHANDRA",
)
TIONGHOA_L = (
    "HENDRA", "BUDI", "WILLIAM", "FELIX", "KEVIN", "ANTON", "HARRY", "TONNY", "RUDY", "EDDY",
    "JOHAN", "STEVEN", "HERMAN", "WILLY", "YOHAN", "ALBERT", "FRANKY", "SUGIONO", "HARTANTO",
)
TIONGHOA_P = (
    "LINDA", "MELIANA", "YENNY", "SUSANTI", "LILIANI", "MEILINA", "JESSICA", "FELICIA",
    "CYNTHIA", "VIVIAN", "LANNY", "WENNY", "LIANA", "SHERLY", "MELISA", "IRAWATI", "LIES",
)
BATAK_MARGA = (
    "SIMANJUNTAK", "NAINGGOLAN", "SIREGAR", "HUTAPEA", "SITUMORANG", "PANJAITAN", "SIHOMBING",
)
SUNDA_L = ("ASEP", "DEDE", "CECEP", "UJANG", "DADANG", "AAN", "YAYAN")
SUNDA_P = ("NENENG", "EUIS", "IMAS", "LILIS", "ENOK", "NENG")
ARAB_MARGA = ("ASSEGAF", "ALATAS", "ALHABSYI", "BAHASYIM", "ALAYDRUS", "BASALAMAH")
ARAB_L = ("HUSEIN", "UMAR", "ALI", "HASAN", "SALIM", "ABUBAKAR", "ZEIN")
ARAB_P = ("FATIMAH", "AISYAH", "SYARIFAH", "NUR", "ZAHRA", "KHADIJAH")

# fmt: on
# Community of a household and its share (Kediri: Javanese-Muslim majority; the city has old
# Chinese-Indonesian and Christian communities around the centre).
BUDAYA = (("JAWA", 0.86), ("KRISTEN", 0.06), ("TIONGHOA", 0.04), ("LAIN", 0.04))
_BUDAYA_NAMA = tuple(b for b, _ in BUDAYA)
_BUDAYA_BOBOT = tuple(w for _, w in BUDAYA)


def pilih_budaya(rng: random.Random) -> str:
    return rng.choices(_BUDAYA_NAMA, _BUDAYA_BOBOT)[0]


def marga_keluarga(rng: random.Random, budaya: str) -> str | None:
    """Family name shared by a household, where the community uses one."""
    if budaya == "TIONGHOA":
        return rng.choice(TIONGHOA_MARGA)
    if budaya == "LAIN":
        r = rng.random()
        if r < 0.35:
            return rng.choice(BATAK_MARGA)
        if r < 0.6:
            return rng.choice(ARAB_MARGA)
    return None


def _ejaan_lama(nama: str) -> str:
    # Pre-1972 spelling still printed on old records: SU -> SOE, initial J -> DJ.
    kata = []
    for w in nama.split(" "):
        if w.startswith("SU"):
            w = "SOE" + w[2:]
        elif w.startswith("JO"):
            w = "DJ" + w[1:]
        kata.append(w)
    return " ".join(kata)


def _jawa(rng: random.Random, jk: str, tahun: int) -> str:
    if tahun < 1960:
        nama = rng.choice(LAMA_L if jk == "L" else LAMA_P)
        if rng.random() < 0.25:
            nama = _ejaan_lama(nama)
        return nama
    if tahun < 1986:
        if rng.random() < 0.2:  # single names were still common in this generation
            return rng.choice(TENGAH_L1 if jk == "L" else TENGAH_P2)
        if jk == "L":
            return f"{rng.choice(TENGAH_L1)} {rng.choice(TENGAH_L2)}"
        return f"{rng.choice(TENGAH_P1)} {rng.choice(TENGAH_P2)}"
    a1, a2 = (MUDA_L1, MUDA_L2) if jk == "L" else (MUDA_P1, MUDA_P2)
    nama = f"{rng.choice(a1)} {rng.choice(a2)}"
    if rng.random() < 0.3:  # three-part names are fashionable for those born after 1995
        ketiga = rng.choice(a2)
        if ketiga not in nama:
            nama = f"{nama} {ketiga}"
    return nama


def nama_orang(
    rng: random.Random, jk: str, tahun_lahir: int, budaya: str, marga: str | None = None
) -> str:
    """A plausible (synthetic) full name without titles."""
    if budaya == "KRISTEN":
        depan = rng.choice(KRISTEN_L if jk == "L" else KRISTEN_P)
        return f"{depan} {_jawa(rng, jk, max(tahun_lahir, 1960))}"
    if budaya == "TIONGHOA":
        depan = rng.choice(TIONGHOA_L if jk == "L" else TIONGHOA_P)
        return f"{depan} {marga}" if marga else depan
    if budaya == "LAIN":
        if marga in BATAK_MARGA:
            depan = rng.choice(KRISTEN_L if jk == "L" else KRISTEN_P)
            return f"{depan} {marga}" if jk == "L" or rng.random() < 0.7 else depan
        if marga in ARAB_MARGA:
            return f"{rng.choice(ARAB_L if jk == 'L' else ARAB_P)} {marga}"
        if jk == "L":
            return f"{rng.choice(SUNDA_L)} {rng.choice(TENGAH_L2)}"
        return f"{rng.choice(SUNDA_P)} {rng.choice(TENGAH_P2)}"
    return _jawa(rng, jk, tahun_lahir)


_GELAR_S1 = ("S.PD.", "S.E.", "S.H.", "S.KOM.", "S.AG.", "S.SOS.", "S.T.", "S.KEP.", "S.PD.I.")
_GELAR_S2 = ("M.PD.", "M.M.", "M.SI.", "M.H.")


def beri_gelar(rng: random.Random, nama: str, jk: str, tahun_lahir: int, muslim: bool) -> str:
    """Add the titles Sidalih records carry: hajj (H./HJ.), degrees (DRS., IR., S.PD., ...)."""
    depan = ""
    belakang = ""
    umur = 2024 - tahun_lahir
    if muslim and umur >= 45 and rng.random() < 0.08:
        depan = "H. " if jk == "L" else "HJ. "
    if 1945 <= tahun_lahir <= 2001 and rng.random() < 0.11:
        r = rng.random()
        if tahun_lahir < 1966 and r < 0.5:
            depan += "DRS. " if jk == "L" else "DRA. "
        elif tahun_lahir < 1975 and jk == "L" and r < 0.6:
            depan += "IR. "
        elif r < 0.06:
            depan += "DR. "  # medical doctor (dr.); Sidalih uppercases it
        else:
            belakang = ", " + rng.choice(_GELAR_S1)
            if tahun_lahir < 1990 and rng.random() < 0.15:
                belakang += ", " + rng.choice(_GELAR_S2)
    return f"{depan}{nama}{belakang}"


# Bidirectional spelling variants seen on Indonesian population records.
_VARIAN_KATA = {
    "MUHAMMAD": ("MOHAMMAD", "MOCH.", "M.", "MUHAMAD", "MOCHAMMAD", "MOH."),
    "MOHAMMAD": ("MUHAMMAD", "MOCH.", "M."),
    "MOCH.": ("MUHAMMAD", "MOCHAMAD", "M."),
    "MOCHAMAD": ("MOCH.", "MUHAMMAD", "MOCHAMMAD"),
    "MOH.": ("MOCH.", "MUHAMMAD", "MOHAMMAD"),
    "M.": ("MUHAMMAD", "MOCH."),
    "AHMAD": ("ACHMAD", "AKHMAD", "AHMAT"),
    "ACHMAD": ("AHMAD",),
    "SITI": ("SITY", "SITTI"),
    "NUR": ("NOER", "NURUL"),
    "ABDUL": ("ABD.", "ABDOEL"),
    "KHOIRUL": ("CHOIRUL", "HOIRUL"),
    "RIZKI": ("RISKI", "RIZKY", "RIZQI"),
    "RIZKA": ("RISKA",),
    "SYAFII": ("SYAFI'I", "SAFII"),
    "ROHMAN": ("RACHMAN", "RAHMAN"),
    "DJOKO": ("JOKO",),
    "JOKO": ("DJOKO",),
    "YULI": ("JULI",),
    "DEWI": ("DEWY",),
    "EKO": ("EKKO",),
}
_VARIAN_POTONGAN = (
    ("OE", "U"),
    ("IYAH", "IAH"),
    ("IAH", "IYAH"),
    ("YANTO", "IANTO"),
    ("IANTO", "YANTO"),
    ("KH", "CH"),
    ("TY", "TI"),
    ("WATI", "WATIE"),
    ("PH", "F"),
    ("DH", "D"),
    ("AA", "A"),
)


def _salah_ketik(rng: random.Random, nama: str) -> str:
    huruf = [i for i, c in enumerate(nama) if c.isalpha()]
    if len(huruf) < 3:
        return nama + "H"
    i = rng.choice(huruf[1:-1])
    r = rng.random()
    if r < 0.4:  # dropped letter
        return nama[:i] + nama[i + 1 :]
    if r < 0.7:  # doubled letter
        return nama[:i] + nama[i] + nama[i:]
    j = i + 1  # swapped neighbours
    if j < len(nama) and nama[j].isalpha():
        return nama[:i] + nama[j] + nama[i] + nama[j + 1 :]
    return nama[:i] + nama[i + 1 :]


def varian_ejaan(rng: random.Random, nama: str) -> str:
    """A different spelling of the same name (never identical to ``nama``)."""
    kata = nama.split(" ")
    calon = [i for i, w in enumerate(kata) if w in _VARIAN_KATA]
    if calon and rng.random() < 0.7:
        i = rng.choice(calon)
        kata[i] = rng.choice(_VARIAN_KATA[kata[i]])
        return " ".join(kata)
    if (nama.startswith("SU") or " SU" in nama) and rng.random() < 0.5:
        return _ejaan_lama(nama)
    potongan = [(a, b) for a, b in _VARIAN_POTONGAN if a in nama]
    if potongan and rng.random() < 0.6:
        a, b = rng.choice(potongan)
        return nama.replace(a, b, 1)
    hasil = _salah_ketik(rng, nama)
    return hasil if hasil != nama else nama + "H"


# --- the same person written another way (planted duplicates) ------------------------------
#
# ``varian_ejaan`` above is what a mistyped record looks like and its draws are part of the
# generator's fixed stream; the functions below are richer and only ever called with the
# duplicates' own generator. They reproduce what makes two DP4 records of one person hard to
# link: titles and degrees added or dropped, old and new spelling, the many ways of writing
# MUHAMMAD, abbreviations, doubled letters and a space inside a name.

_GELAR_DEPAN = ("H.", "HJ.", "DRS.", "DRA.", "IR.", "DR.")
_GELAR_BELAKANG_VARIAN = ("S.PD.", "S.KEP.", "S.H.", "A.MD.", "S.E.", "S.AG.", "S.SOS.", "S.T.")
_MUHAMMAD = (
    "MUHAMMAD",
    "MUHAMAD",
    "MOHAMMAD",
    "MOHAMAD",
    "MOCHAMMAD",
    "MOCHAMAD",
    "MOCH.",
    "MOH.",
    "MUH.",
    "M.",
)
_SINGKATAN = {
    "SITI": ("ST.",),
    "ST.": ("SITI",),
    "NUR": ("NOER",),
    "NOER": ("NUR",),
    "NURUL": ("NOERUL",),
    "ABDUL": ("ABD.",),
    "ABD.": ("ABDUL",),
}
# Old (pre-1972) and new spelling: (new, old).
_EJAAN = (("U", "OE"), ("J", "DJ"), ("C", "TJ"), ("NY", "NJ"), ("SY", "SJ"), ("KH", "CH"))
_AWALAN_NAMA = ("NUR", "SRI", "ABDUL", "SITI", "KHOIRUN", "KHOIRUL")
_AKHIRAN_NAMA = (
    "SARI",
    "WATI",
    "SYAH",
    "ULLAH",
    "NINGSIH",
    "NINGRUM",
    "UDIN",
    "HAYATI",
    "RAHMAN",
    "ROHMAN",
)
_VOKAL = "AEIOU"


def _kata_nama(w: str) -> bool:
    """A word of the name proper (not a title, a degree or an initial)."""
    return w.isalpha() and len(w) > 1


def _cara_gelar(rng: random.Random, nama: str, jk: str | None, tahun: int | None) -> str | None:
    kata = nama.split(" ")
    depan = [w for w in kata if w in _GELAR_DEPAN]
    inti, koma, belakang = nama.partition(", ")
    if depan or koma:
        if koma and rng.random() < 0.35:  # the degree kept, written another way
            return f"{inti} {belakang.replace(', ', ' ').replace('.', '')}"
        return " ".join(w for w in inti.split(" ") if w not in _GELAR_DEPAN)
    umur = 2024 - tahun if tahun else None
    pilihan = []
    if umur is None or umur >= 22:
        pilihan.append(f"{nama}, {rng.choice(_GELAR_BELAKANG_VARIAN)}")
    if jk and umur is not None and umur >= 35:
        pilihan.append(("H. " if jk == "L" else "HJ. ") + nama)
    if jk and tahun and 1945 <= tahun < 1966:
        pilihan.append(("DRS. " if jk == "L" else "DRA. ") + nama)
    if jk == "L" and tahun and 1945 <= tahun < 1975:
        pilihan.append("IR. " + nama)
    return rng.choice(pilihan) if pilihan else None


def _ganti_kata(rng: random.Random, nama: str, tabel: dict) -> str | None:
    kata = nama.split(" ")
    calon = [i for i, w in enumerate(kata) if w in tabel]
    if not calon:
        return None
    i = rng.choice(calon)
    kata[i] = rng.choice(tabel[kata[i]])
    return " ".join(kata)


def _cara_muhammad(rng: random.Random, nama: str) -> str | None:
    return _ganti_kata(rng, nama, {m: tuple(x for x in _MUHAMMAD if x != m) for m in _MUHAMMAD})


def _ejaan_kata(w: str, baru: str, lama: str, ke_lama: bool) -> str | None:
    if ke_lama and any(x in w for x in ("OE", "DJ", "TJ", "SJ", "NJ")):
        return None  # already in the old spelling
    if ke_lama:
        if baru == "U":  # every u sound, but not the u of a diphthong (AU)
            hasil = "".join(
                "OE" if c == "U" and (k == 0 or w[k - 1] not in "AO") else c
                for k, c in enumerate(w)
            )
        elif baru == "J":  # not the J of old DJ, TJ, NJ, SJ
            hasil = "".join(
                "DJ" if c == "J" and (k == 0 or w[k - 1] not in "DTNS") else c
                for k, c in enumerate(w)
            )
        elif baru == "C":
            hasil = "".join(
                "TJ" if c == "C" and w[k + 1 : k + 2] != "H" else c for k, c in enumerate(w)
            )
        elif baru == "KH":
            hasil = w.replace("KH", "CH")
        else:
            hasil = w.replace(baru, lama)
    elif lama == "CH":  # CHRISTINA or CHANDRA are not old spelling of KH
        hasil = w if w.startswith(("CHR", "CHA", "CHE", "CHI")) else w.replace("CH", "KH")
    elif lama == "NJ":  # NJ is also new spelling (PANJAITAN): only ever NY -> NJ
        hasil = w
    else:
        hasil = w.replace(lama, baru)
    return hasil if hasil != w else None


def _cara_ejaan(rng: random.Random, nama: str) -> str | None:
    kata = nama.split(" ")
    calon = []
    for i, w in enumerate(kata):
        if not _kata_nama(w):
            continue
        for baru, lama in _EJAAN:
            for ke_lama in (True, False):
                hasil = _ejaan_kata(w, baru, lama, ke_lama)
                if hasil:
                    calon.append((i, hasil))
    if not calon:
        return None
    i, hasil = rng.choice(calon)
    kata[i] = hasil
    return " ".join(kata)


def _cara_huruf_ganda(rng: random.Random, nama: str) -> str | None:
    """ANNISA / ANISA, MUHAMMAD / MUHAMAD, HASAN / HASSAN."""
    kata = nama.split(" ")
    calon = []
    for i, w in enumerate(kata):
        if not _kata_nama(w):
            continue
        for k in range(1, len(w) - 1):
            if w[k] == w[k - 1] and w[k] not in _VOKAL:
                calon.append((i, w[:k] + w[k + 1 :]))
            elif w[k] in "LMNS" and w[k - 1] in _VOKAL and w[k + 1] in _VOKAL:
                calon.append((i, w[:k] + w[k] + w[k:]))
    if not calon:
        return None
    i, hasil = rng.choice(calon)
    kata[i] = hasil
    return " ".join(kata)


def _cara_spasi(rng: random.Random, nama: str) -> str | None:
    """NURHAYATI / NUR HAYATI, PERMATA SARI / PERMATASARI."""
    kata = nama.split(" ")
    calon = []
    for i, w in enumerate(kata):
        if not _kata_nama(w):
            continue
        for a in _AWALAN_NAMA:
            if w.startswith(a) and len(w) - len(a) >= 4:
                calon.append([*kata[:i], a, w[len(a) :], *kata[i + 1 :]])
        for z in _AKHIRAN_NAMA:
            if w.endswith(z) and len(w) - len(z) >= 4:
                calon.append([*kata[:i], w[: -len(z)], z, *kata[i + 1 :]])
        if (
            i + 1 < len(kata)
            and _kata_nama(kata[i + 1])
            and (w in _AWALAN_NAMA or kata[i + 1] in _AKHIRAN_NAMA)
        ):
            calon.append([*kata[:i], w + kata[i + 1], *kata[i + 2 :]])
    return " ".join(rng.choice(calon)) if calon else None


# How often each way is tried first (where it applies to the name).
_CARA_NAMA = (
    ("GELAR", 2.5),
    ("MUHAMMAD", 4.0),
    ("SINGKATAN", 3.0),
    ("EJAAN_LAMA", 2.0),
    ("SPASI", 2.0),
    ("HURUF_GANDA", 1.0),
    ("EJAAN", 1.0),
)


def varian_nama(
    rng: random.Random, nama: str, jk: str | None = None, tahun_lahir: int | None = None
) -> tuple[str, str]:
    """The same person's name as another record may show it, and how it differs
    (``GELAR``, ``MUHAMMAD``, ``SINGKATAN``, ``EJAAN_LAMA``, ``SPASI``, ``HURUF_GANDA``,
    ``EJAAN``). Never equal to ``nama``, case and spacing aside. ``jk`` and ``tahun_lahir``
    keep an added title plausible (HJ. for a woman, IR. only for older men)."""
    asal = " ".join(nama.upper().split())
    cara = {
        "GELAR": lambda n: _cara_gelar(rng, n, jk, tahun_lahir),
        "MUHAMMAD": lambda n: _cara_muhammad(rng, n),
        "SINGKATAN": lambda n: _ganti_kata(rng, n, _SINGKATAN),
        "EJAAN_LAMA": lambda n: _cara_ejaan(rng, n),
        "SPASI": lambda n: _cara_spasi(rng, n),
        "HURUF_GANDA": lambda n: _cara_huruf_ganda(rng, n),
    }
    # Weighted random order of the ways (Efraimidis-Spirakis keys); the first that applies wins.
    urutan = sorted(((rng.random() ** (1 / w), c) for c, w in _CARA_NAMA), reverse=True)
    for _kunci, c in urutan:
        hasil = varian_ejaan(rng, asal) if c == "EJAAN" else cara[c](asal)
        if hasil and " ".join(hasil.split()) != asal:
            return " ".join(hasil.split()), c
    return varian_ejaan(rng, asal), "EJAAN"


# Birthplaces as other records write them: region prefix, abbreviation, old spelling.
# fmt: off
_TEMPAT_VARIAN = {
    "KEDIRI": ("KAB. KEDIRI", "KDR", "KADIRI", "KOTA KEDIRI", "KEDIRI KOTA"),
    "SURABAYA": ("SBY", "SOERABAJA", "SURABAJA", "KOTA SURABAYA"),
    "JAKARTA": ("DKI JAKARTA", "DJAKARTA", "JKT"),
    "YOGYAKARTA": ("JOGJAKARTA", "YOGYA", "JOGJA", "DJOKJAKARTA"),
    "SOLO": ("SURAKARTA", "SKA"),
    "MALANG": ("KAB. MALANG", "MLG", "KOTA MALANG"),
    "TULUNGAGUNG": ("TULUNG AGUNG", "T. AGUNG", "TULOENGAGOENG"),
    "BLITAR": ("KAB. BLITAR", "BLT", "KOTA BLITAR"),
    "NGANJUK": ("NGANJOEK", "NJK", "KAB. NGANJUK"),
    "JOMBANG": ("DJOMBANG", "JBG", "KAB. JOMBANG"),
    "PARE": ("PARE KEDIRI", "KAB. KEDIRI", "PARE-KEDIRI"),
    "MADIUN": ("KAB. MADIUN", "MDN", "KOTA MADIUN"),
    "SEMARANG": ("SMG", "KOTA SEMARANG"),
    "BANYUWANGI": ("BANJUWANGI", "BWI"),
    "MOJOKERTO": ("MODJOKERTO", "MJK"),
    "BOJONEGORO": ("BODJONEGORO", "BJN"),
    "PACITAN": ("PATJITAN", "KAB. PACITAN"),
    "PASURUAN": ("PASOEROEAN", "PASURUHAN"),
    "BANDUNG": ("BDG", "KOTA BANDUNG"),
    "TRENGGALEK": ("TRENGALEK", "KAB. TRENGGALEK"),
    "LAMONGAN": ("LMG", "KAB. LAMONGAN"),
    "PONOROGO": ("KAB. PONOROGO", "PONOROGO JATIM"),
    "MAGETAN": ("KAB. MAGETAN", "MGT"),
    "MEDAN": ("KOTA MEDAN",),
}
# fmt: on


def varian_tempat_lahir(rng: random.Random, tempat: str) -> str:
    """``tempat`` written differently (never equal to it)."""
    t = " ".join(tempat.upper().split())
    if t in _TEMPAT_VARIAN:
        return rng.choice(_TEMPAT_VARIAN[t])
    for awalan in ("KAB. ", "KOTA "):
        if t.startswith(awalan):
            return t[len(awalan) :]
    hasil = _cara_ejaan(rng, t)
    if hasil and rng.random() < 0.5:
        return hasil
    return "KAB. " + t


# --- birthplaces and addresses ---------------------------------------------------------------

# Birthplaces as written in TMPT_LHR; younger people are more often born in the city itself.
# fmt: off
TEMPAT_LAHIR = (
    ("KEDIRI", 70), ("NGANJUK", 5), ("TULUNGAGUNG", 4), ("BLITAR", 4), ("JOMBANG", 3),
    ("SURABAYA", 2.5), ("MALANG", 2), ("TRENGGALEK", 1.5), ("MADIUN", 1), ("PONOROGO", 1),
    ("PARE", 1), ("MOJOKERTO", 0.8), ("JAKARTA", 0.8), ("BANYUWANGI", 0.4), ("SEMARANG", 0.4),
    ("SOLO", 0.4), ("YOGYAKARTA", 0.4), ("MEDAN", 0.2), ("BANDUNG", 0.3), ("PASURUAN", 0.4),
    ("MAGETAN", 0.4), ("PACITAN", 0.3), ("BOJONEGORO", 0.4), ("LAMONGAN", 0.3),
)
# fmt: on
_TEMPAT = tuple(t for t, _ in TEMPAT_LAHIR)
_TEMPAT_BOBOT_KUM = tuple(
    sum(w for _, w in TEMPAT_LAHIR[: i + 1]) for i in range(len(TEMPAT_LAHIR))
)


def tempat_lahir(rng: random.Random, tahun_lahir: int) -> str:
    # Those born in the city after 1990 mostly stayed: shift weight towards KEDIRI.
    if tahun_lahir >= 1990 and rng.random() < 0.4:
        return "KEDIRI"
    return rng.choices(_TEMPAT, cum_weights=_TEMPAT_BOBOT_KUM)[0]


# Street names used in Kediri-like addresses (public geography; combined at random).
# fmt: off
JALAN = (
    "DHOHO", "HAYAM WURUK", "BRAWIJAYA", "JOYOBOYO", "MAYOR BISMO", "SERSAN BAHRUN", "SEMERU",
    "KAWI", "PENANGGUNGAN", "AHMAD YANI", "DIPONEGORO", "PATTIMURA", "KH. WAHID HASYIM",
    "PERINTIS KEMERDEKAAN", "RA. KARTINI", "LETJEN SUTOYO", "KAPTEN TENDEAN", "MAUNG",
    "MERAK", "KELUD", "ARJUNA", "WILIS", "ANJASMORO", "SUKARNO HATTA", "VETERAN",
    "PAHLAWAN KUSUMA BANGSA", "MASJID AGUNG", "MOJOROTO GANG", "SONO", "KLEMPUN", "TERATAI",
    "MELATI", "MAWAR", "ANGGREK", "KENANGA", "CEMPAKA", "DAHLIA", "FLAMBOYAN", "NANGKA",
    "DURIAN", "MANGGA", "SEMANGKA", "KARYA BAKTI", "PERUMAHAN GRIYA INDAH", "PERUM BUMI ASRI",
)
LINGKUNGAN = (
    "KRAJAN", "KAUMAN", "SUMBERJO", "SIDOMULYO", "TEGALREJO", "NGLARANG", "BULUREJO", "KEPUH",
    "SELOREJO", "NGADISIMO", "SUKOREJO", "KEDUNGREJO", "SUMBERAN", "TEGALAN", "KARANGANYAR",
    "BANGUNREJO", "NGEMPLAK", "JAMBEAN", "GEDANG", "DOROGADUNG", "KWADUNGAN", "NGRONGGOT",
)
# fmt: on
ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
