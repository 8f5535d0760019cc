"""How personal data looks to a caller without the PII scope of its agency."""


def mask_number(value: str) -> str:
    """NIK and No. KK: region digits and serial stay, the birth date and the rest go."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_name(value: str) -> str:
    """Each word keeps its initial: ``Siti Wulandari`` becomes ``S*** W********``."""
    return " ".join([word[0] + "*" * (len(word) - 1) for word in value.split()])
