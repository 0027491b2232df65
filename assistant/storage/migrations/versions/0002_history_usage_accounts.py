"""Conversation history for the chat sidebar, the daily token ledger, and logins renamed to accounts.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Rename users to accounts (Chainlit's layers claim "users"), add chat history and token usage."""
    op.drop_index("ix_users_org_id", table_name="users")
    op.rename_table("users", "accounts")
    op.create_index("ix_accounts_org_id", "accounts", ["org_id"])
    op.create_table(
        "chat_threads",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("user_identifier", sa.String(200), nullable=False),
        sa.Column("name", sa.String(300)),
        sa.Column("tags", sa.JSON()),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
    )
    for column in ("created_at", "org_id", "person_id", "user_identifier"):
        op.create_index(f"ix_chat_threads_{column}", "chat_threads", [column])
    op.create_table(
        "chat_steps",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40)),
        sa.Column("output", sa.Text()),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["chat_threads.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_chat_steps_thread_id", "chat_steps", ["thread_id"])
    op.create_table(
        "chat_feedbacks",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("step_id", sa.String(64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text()),
        sa.ForeignKeyConstraint(["thread_id"], ["chat_threads.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_chat_feedbacks_step_id", "chat_feedbacks", ["step_id"])
    op.create_index("ix_chat_feedbacks_thread_id", "chat_feedbacks", ["thread_id"])
    op.create_table(
        "token_usage",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("person_id", "day"),
    )
    op.create_index("ix_token_usage_org_id", "token_usage", ["org_id"])
    op.create_index("ix_token_usage_person_id", "token_usage", ["person_id"])


def downgrade() -> None:
    """Drop the new tables and give the logins their old name back."""
    for table in ("token_usage", "chat_feedbacks", "chat_steps", "chat_threads"):
        op.drop_table(table)
    op.drop_index("ix_accounts_org_id", table_name="accounts")
    op.rename_table("accounts", "users")
    op.create_index("ix_users_org_id", "users", ["org_id"])
