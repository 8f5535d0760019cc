"""Complaints (pengaduan) and objections (sanggah) filed with the Dinas Sosial."""

import random
from datetime import date, timedelta

from resolvers.bulk_insert import Row
from resolvers.population import LAST_DAY, REFERENCE_DATE, Population, random_date
from resolvers.regional.enums import ComplaintChannel, ComplaintKind, ComplaintStatus

SANGGAH_DAYS = 14

_COMPLAINT_RATE = 0.015
_SANGGAH_SHARE = 0.4
_ANONYMOUS_SHARE = 0.25
# Share of complaints whose handling has stalled: still open after the office's deadline.
_STALLED = 0.3
_FIRST_FILING = date(2025, 6, 1)
_CHANNELS = tuple(ComplaintChannel)
_CHANNEL_WEIGHTS = (30, 35, 15, 20)
_OPEN = (ComplaintStatus.DITERIMA, ComplaintStatus.DIPROSES)
_CLOSED = (ComplaintStatus.SELESAI, ComplaintStatus.DITOLAK)
_HANDLING_DAYS = {ComplaintKind.PENGADUAN: 30, ComplaintKind.SANGGAH: SANGGAH_DAYS}
_SUMMARIES = {
    ComplaintKind.SANGGAH: (
        "Keluarga menyanggah penghapusan dari daftar penerima PKH.",
        "Keluarga menyanggah desil kesejahteraan yang dinilai terlalu tinggi.",
        "Keluarga menyanggah status suspend; seluruh anggota masih tinggal di alamat.",
        "Keluarga menyanggah hasil verifikasi lapangan yang menyatakan tidak layak.",
    ),
    ComplaintKind.PENGADUAN: (
        "Bantuan Sembako bulan ini belum diterima.",
        "Kartu Keluarga Sejahtera hilang dan saldo tidak dapat dicairkan.",
        "Nama penerima di rekening berbeda dengan KTP.",
        "Ada pungutan saat penyaluran bantuan di tingkat desa.",
        "Tetangga yang mampu masih menerima bantuan.",
        "Lansia hidup sendiri dan belum pernah didata.",
        "Penyandang disabilitas belum menerima pendampingan.",
    ),
}


def complaints(rng: random.Random, population: Population) -> list[Row]:
    rows: list[Row] = []
    for household in population.households:
        if rng.random() >= _COMPLAINT_RATE:
            continue
        kind = ComplaintKind.SANGGAH if rng.random() < _SANGGAH_SHARE else ComplaintKind.PENGADUAN
        anonymous = kind is ComplaintKind.PENGADUAN and rng.random() < _ANONYMOUS_SHARE
        filed_on = random_date(rng, max(_FIRST_FILING, household.registered_on), LAST_DAY)
        status, resolved_on = _handling(rng, kind, filed_on)
        sanggah = kind is ComplaintKind.SANGGAH
        rows.append(
            {
                "id": len(rows) + 1,
                "kind": kind.value,
                "village_code": household.village_code,
                "household_id": None if anonymous else household.id,
                "channel": rng.choices(_CHANNELS, _CHANNEL_WEIGHTS)[0].value,
                "summary": rng.choice(_SUMMARIES[kind]),
                "status": status.value,
                "filed_on": filed_on,
                "due_on": filed_on + timedelta(days=SANGGAH_DAYS) if sanggah else None,
                "resolved_on": resolved_on,
            }
        )
    return rows


def _handling(
    rng: random.Random, kind: ComplaintKind, filed_on: date
) -> tuple[ComplaintStatus, date | None]:
    deadline = filed_on + timedelta(days=_HANDLING_DAYS[kind])
    if deadline >= REFERENCE_DATE or rng.random() < _STALLED:
        return rng.choice(_OPEN), None
    return rng.choice(_CLOSED), random_date(rng, filed_on, deadline)
