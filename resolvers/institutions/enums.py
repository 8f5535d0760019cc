import enum


class InstitutionKind(enum.Enum):
    LKS = "lks"
    KARANG_TARUNA = "karang_taruna"
    PSKS = "psks"


class Accreditation(enum.Enum):
    A = "a"
    B = "b"
    C = "c"
    BELUM = "belum"


class Service(enum.Enum):
    PENGASUHAN_ANAK = "pengasuhan_anak"
    LANJUT_USIA = "lanjut_usia"
    DISABILITAS = "disabilitas"
    REHABILITASI_NAPZA = "rehabilitasi_napza"
    KORBAN_TPPO = "korban_tppo"
    PEMBERDAYAAN_PEMUDA = "pemberdayaan_pemuda"
    TANGGAP_BENCANA = "tanggap_bencana"
    PENDAMPINGAN_SOSIAL = "pendampingan_sosial"
