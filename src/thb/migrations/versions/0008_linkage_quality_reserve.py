"""Linkage quality check: pairs kept in reserve, offered by rank within their stratum

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 02:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("linkage_pair", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sample_rank", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("linkage_pair", schema=None) as batch_op:
        batch_op.drop_column("sample_rank")
