"""How precisely each claim's and each place's point places it: exact, approximate, unplaced.

Rows stored before it were all GeoNames points or analysts' pins: "exact".

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("claims", "places"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("location_precision", sa.String(16), nullable=False, server_default="exact"))


def downgrade() -> None:
    for table in ("claims", "places"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("location_precision")
