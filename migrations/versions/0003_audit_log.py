"""audit log: append-only, each entry hashed with the one before

Revision ID: 0003_audit_log
Revises: 0002_whatsapp_contents
Create Date: 2026-12-05 09:00:00

On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE on the table, so the log
stays append-only even for someone who reaches the database with the app's own role
(only the table's owner can disable the trigger, and doing so is itself visible).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import feedback_bot.db

revision: str = "0003_audit_log"
down_revision: str | None = "0002_whatsapp_contents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSE_FUNCTION = """
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", feedback_bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_action", ["action"], unique=False)
        batch_op.create_index("ix_audit_log_actor", ["actor"], unique=False)
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(REFUSE_FUNCTION)
        op.execute(
            "CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()"
        )


def downgrade() -> None:
    # Going down discards the log, as it discards any table; take a copy first if it matters
    # (``feedback-bot audit list``). DROP TABLE fires no row or TRUNCATE trigger.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update_or_delete ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_refuse_change()")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_at")
        batch_op.drop_index("ix_audit_log_actor")
        batch_op.drop_index("ix_audit_log_action")
    op.drop_table("audit_log")
