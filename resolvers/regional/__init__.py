"""Provincial and regency Dinas Sosial offices: verification visits, ATENSI
rehabilitation cases, complaints and sanggah, KUBE empowerment groups."""

AGENCY = "regional"
