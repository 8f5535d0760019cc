"""The complaint mutations: filing (open to the public) and resolving (offices only)."""

import strawberry

from auth.scopes import write
from schema.complaint_filing import FileComplaintInput, FileComplaintResult, file
from schema.complaint_resolution import ResolveComplaintInput, ResolveComplaintResult, resolve
from schema.context import Info
from schema.protection import requires
from schema.public_access import public_or


@strawberry.type
class ComplaintMutation:
    @public_or(
        write("regional"),
        description=(
            "File a pengaduan or a sanggah. The public files without a token (rate-limited per"
            " address); an office files in its own regions. A sanggah is due 14 days after filing."
        ),
    )
    async def file_complaint(
        self, info: Info, input: FileComplaintInput
    ) -> FileComplaintResult | None:
        return await file(info, input)

    @requires(
        write("regional"),
        description="Resolve an open complaint of your regions (SELESAI or DITOLAK).",
    )
    async def resolve_complaint(
        self, info: Info, input: ResolveComplaintInput
    ) -> ResolveComplaintResult | None:
        return await resolve(info, input)
