"""whatsapp content resources, one per question, language, poll version and wording

Revision ID: 0002_whatsapp_contents
Revises: 0001
Create Date: 2026-12-04 17:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import feedback_bot.db

revision: str = "0002_whatsapp_contents"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "whatsapp_contents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("wording_hash", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("content_sid", sa.String(length=34), nullable=False),
        sa.Column("created_at", feedback_bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_contents")),
        sa.UniqueConstraint("content_sid", name=op.f("uq_whatsapp_contents_content_sid")),
        sa.UniqueConstraint(
            "scope",
            "version",
            "question_id",
            "language",
            "wording_hash",
            name="uq_whatsapp_contents_wording",
        ),
    )


def downgrade() -> None:
    # The resources stay at Twilio; without this table they are created again on next use.
    op.drop_table("whatsapp_contents")
