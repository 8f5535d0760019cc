import enum


class HouseholdStatus(enum.Enum):
    AKTIF = "aktif"
    SUSPEND = "suspend"
    EXCLUDE = "exclude"


class PersonStatus(enum.Enum):
    HIDUP = "hidup"
    MENINGGAL = "meninggal"
    PINDAH = "pindah"


class Sex(enum.Enum):
    LAKI_LAKI = "L"
    PEREMPUAN = "P"


class Relationship(enum.Enum):
    KEPALA_KELUARGA = "kepala_keluarga"
    SUAMI = "suami"
    ISTRI = "istri"
    ANAK = "anak"
    MENANTU = "menantu"
    CUCU = "cucu"
    ORANG_TUA = "orang_tua"
    MERTUA = "mertua"
    FAMILI_LAIN = "famili_lain"


class Disability(enum.Enum):
    FISIK = "fisik"
    INTELEKTUAL = "intelektual"
    MENTAL = "mental"
    SENSORIK = "sensorik"
    GANDA = "ganda"


class Programme(enum.Enum):
    PKH = "pkh"
    SEMBAKO = "sembako"
    PBI_JK = "pbi_jk"
    RTLH = "rtlh"


class EnrolmentStatus(enum.Enum):
    AKTIF = "aktif"
    DITANGGUHKAN = "ditangguhkan"
    BERAKHIR = "berakhir"


class PkhComponent(enum.Enum):
    IBU_HAMIL = "ibu_hamil"
    ANAK_USIA_DINI = "anak_usia_dini"
    ANAK_SD = "anak_sd"
    ANAK_SMP = "anak_smp"
    ANAK_SMA = "anak_sma"
    DISABILITAS_BERAT = "disabilitas_berat"
    LANJUT_USIA = "lanjut_usia"


class Channel(enum.Enum):
    BRI = "bri"
    BNI = "bni"
    MANDIRI = "mandiri"
    BSI = "bsi"
    BTN = "btn"
    POS = "pos"


class DisbursementStatus(enum.Enum):
    DIJADWALKAN = "dijadwalkan"
    TERSALUR = "tersalur"
    GAGAL = "gagal"
    DIKEMBALIKAN = "dikembalikan"


class ProposalKind(enum.Enum):
    """The registry change an update proposal asks for."""

    PERSON_DECEASED = "person_deceased"
    PERSON_MOVED = "person_moved"
    HOUSEHOLD_SUSPEND = "household_suspend"
    HOUSEHOLD_EXCLUDE = "household_exclude"

    @property
    def concerns_person(self) -> bool:
        return self in (ProposalKind.PERSON_DECEASED, ProposalKind.PERSON_MOVED)


class ProposalState(enum.Enum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class ProposalDecision(enum.Enum):
    APPROVE = "approve"
    REJECT = "reject"
