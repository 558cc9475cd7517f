"""Reports with their verbatim text, the claims extracted from them, and gazetteer overrides.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("report_id", sa.String(16), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("url", sa.Text, nullable=False, server_default=""),
        sa.Column("report_date", sa.Date, nullable=True),
        sa.Column("tz", sa.String(64), nullable=False, server_default="UTC"),
        sa.Column("language", sa.String(16), nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("raw", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=False, server_default=""),
        sa.Column("unresolved", sa.Text, nullable=False, server_default="[]"),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("extracted_at", sa.DateTime, nullable=True),
        sa.Column("extractor_version", sa.String(32), nullable=False, server_default=""),
    )
    op.create_table(
        "claims",
        sa.Column("claim_id", sa.String(16), primary_key=True),
        sa.Column("report_id", sa.String(16),
                  sa.ForeignKey("reports.report_id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("place_text", sa.Text, nullable=False),
        sa.Column("geonameid", sa.BigInteger, nullable=True),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("country_code", sa.String(8), nullable=False),
        sa.Column("admin1", sa.Text, nullable=False),
        sa.Column("time_utc", sa.DateTime, nullable=False, index=True),
        sa.Column("time_text", sa.Text, nullable=False),
        sa.Column("time_precision", sa.String(16), nullable=False),
        sa.Column("claimed_controller", sa.String(16), nullable=False),
        sa.Column("change", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(16), nullable=False),
        sa.Column("claimant", sa.Text, nullable=False),
        sa.Column("claimant_side", sa.String(16), nullable=False),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("hedged", sa.Boolean, nullable=False),
        sa.Column("admission", sa.Boolean, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
    )
    op.create_index("ix_claims_geonameid_time", "claims", ["geonameid", "time_utc"])
    op.create_table(
        "gazetteer_overrides",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("geonameid", sa.BigInteger, nullable=True),
        sa.Column("name", sa.Text, nullable=False, server_default=""),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("country_code", sa.String(8), nullable=False, server_default=""),
        sa.Column("admin1", sa.Text, nullable=False, server_default=""),
        sa.Column("feature", sa.String(16), nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("gazetteer_overrides")
    op.drop_table("claims")
    op.drop_table("reports")
