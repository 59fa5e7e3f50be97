"""Membership, a room of groups: joining under the house rules, admitting and removing members, admins and their
invitations, the manage page, the audiences of a group's members and admins, and the person's account parts.

It builds on the group (groups.models, services, selectors, permissions, rules); nothing of the group's base
imports it (import-linter, pyproject.toml). Its models live in groups.models with the group: a group's admins
are its memberships, so group and membership are one aggregate in the database.
"""
