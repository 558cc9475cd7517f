"""Analyst corrections: claims can be corrected or rejected; the original extraction is kept.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as claims:
        claims.add_column(sa.Column("corrected", sa.Boolean, nullable=False, server_default=sa.false()))
        claims.add_column(sa.Column("rejected", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "claim_corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("claim_id", sa.String(16), nullable=False, index=True),
        sa.Column("report_id", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),      # correct | reject
        sa.Column("changes", sa.Text, nullable=False),           # JSON: field -> new value
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("original", sa.Text, nullable=False),          # JSON: the claim before this correction
        sa.Column("analyst", sa.Text, nullable=False),
        sa.Column("corrected_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("claim_corrections")
    with op.batch_alter_table("claims") as claims:
        claims.drop_column("rejected")
        claims.drop_column("corrected")
