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
