"""Who did what: an audit trail, the uploader of each report, who added each gazetteer override.

Rows stored before it have no recorded person: "" (unknown).

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
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("who", sa.Text, nullable=False, index=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),      # roles.PERMISSIONS' actions, sign_in, users
        sa.Column("target", sa.Text, nullable=False, server_default=""),   # report id, claim id, alias, user
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("outcome", sa.String(16), nullable=False),     # done | refused
    )
    with op.batch_alter_table("reports") as reports:
        reports.add_column(sa.Column("uploaded_by", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("gazetteer_overrides") as overrides:
        overrides.add_column(sa.Column("added_by", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("gazetteer_overrides") as overrides:
        overrides.drop_column("added_by")
    with op.batch_alter_table("reports") as reports:
        reports.drop_column("uploaded_by")
    op.drop_table("audit_log")
