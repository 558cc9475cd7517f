"""Per-place control status after each claim, so "every place as of a moment" is an index lookup.

The status rows are derived data: the store fills them (and refills them when the
control rules change, see `store_meta.control_rules`), so this revision only creates tables.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "places",
        sa.Column("geonameid", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("country_code", sa.String(8), nullable=False),
        sa.Column("admin1", sa.Text, nullable=False),
    )
    op.create_table(
        "place_status",
        sa.Column("geonameid", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("claim_id", sa.String(16), nullable=False),
        sa.Column("time_utc", sa.DateTime, nullable=False),
        sa.Column("controller", sa.String(16), nullable=False),
        sa.Column("admitted", sa.Boolean, nullable=False),
        sa.Column("disputed", sa.Boolean, nullable=False),
        sa.Column("n_claims", sa.Integer, nullable=False),
        sa.Column("n_claimants_UA", sa.Integer, nullable=False),
        sa.Column("n_claimants_RU", sa.Integer, nullable=False),
        sa.Column("n_claimants_unknown", sa.Integer, nullable=False),
        sa.Column("first_claim_utc", sa.DateTime, nullable=False),
        sa.Column("first_admission_utc", sa.DateTime, nullable=True),
        sa.Column("last_claim_utc", sa.DateTime, nullable=False),
    )
    op.create_index("ix_place_status_as_of", "place_status", ["geonameid", "time_utc", "seq"])
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
    op.drop_index("ix_place_status_as_of", "place_status")
    op.drop_table("place_status")
    op.drop_table("places")
