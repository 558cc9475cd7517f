"""Who added each gazetteer override (an analyst's pin says who placed the village; `added_at` says when).

Overrides stored before it have no author: "".

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gazetteer_overrides") as batch:
        batch.add_column(sa.Column("added_by", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("gazetteer_overrides") as batch:
        batch.drop_column("added_by")
