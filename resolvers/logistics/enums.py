import enum


class DisasterKind(enum.Enum):
    BANJIR = "banjir"
    TANAH_LONGSOR = "tanah_longsor"
    GEMPA_BUMI = "gempa_bumi"
    ERUPSI_GUNUNG_API = "erupsi_gunung_api"
    KEBAKARAN = "kebakaran"
    ANGIN_PUTING_BELIUNG = "angin_puting_beliung"
    KEKERINGAN = "kekeringan"
    TSUNAMI = "tsunami"


class EventStatus(enum.Enum):
    TANGGAP_DARURAT = "tanggap_darurat"
    PEMULIHAN = "pemulihan"
    SELESAI = "selesai"


class WarehouseKind(enum.Enum):
    BUFFER_STOCK = "buffer_stock"
    LUMBUNG_SOSIAL = "lumbung_sosial"


class Item(enum.Enum):
    MAKANAN_SIAP_SAJI = "makanan_siap_saji"
    LAUK_PAUK = "lauk_pauk"
    BERAS = "beras"
    FAMILY_KIT = "family_kit"
    KIDS_WARE = "kids_ware"
    TENDA_GULUNG = "tenda_gulung"
    TENDA_KELUARGA = "tenda_keluarga"
    SELIMUT = "selimut"
    KASUR = "kasur"
    SANDANG = "sandang"


class ShipmentStatus(enum.Enum):
    DIKIRIM = "dikirim"
    DITERIMA = "diterima"


class MovementReason(enum.Enum):
    SEED = "seed"
    RECEIPT = "receipt"
    DISPATCH = "dispatch"
    DISTRIBUTION = "distribution"
    ADJUSTMENT = "adjustment"
