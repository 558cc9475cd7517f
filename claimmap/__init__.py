"""claimmap: who claims control of which settlement, when, on whose word, and how sure."""
from claimmap.schema import CLAIM_COLUMNS, EXTRACTOR_VERSION, Claim

__all__ = ["CLAIM_COLUMNS", "EXTRACTOR_VERSION", "Claim"]
