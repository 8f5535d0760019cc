import enum


class VisitOutcome(enum.Enum):
    ELIGIBLE = "eligible"
    MOVED = "moved"
    DECEASED = "deceased"
    NOT_FOUND = "not_found"
    INELIGIBLE = "ineligible"


class RehabilitationCluster(enum.Enum):
    ANAK = "anak"
    LANSIA = "lansia"
    DISABILITAS = "disabilitas"
    NAPZA = "napza"
    TUNA_SOSIAL_TPPO = "tuna_sosial_tppo"
    KORBAN_BENCANA = "korban_bencana"


class CaseStatus(enum.Enum):
    ASESMEN = "asesmen"
    INTERVENSI = "intervensi"
    TERMINASI = "terminasi"


class ComplaintKind(enum.Enum):
    PENGADUAN = "pengaduan"
    SANGGAH = "sanggah"


class ComplaintStatus(enum.Enum):
    DITERIMA = "diterima"
    DIPROSES = "diproses"
    SELESAI = "selesai"
    DITOLAK = "ditolak"


class ComplaintResolution(enum.Enum):
    SELESAI = "selesai"
    DITOLAK = "ditolak"


class ComplaintChannel(enum.Enum):
    LAYANAN_PUBLIK = "layanan_publik"
    KANTOR = "kantor"
    TELEPON = "telepon"
    APLIKASI = "aplikasi"
