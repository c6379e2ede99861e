"""Team review: every inspector's laptop, one review (docs/team.md).

The modules, from the bottom up:

- `layout`       where the team files of a review live
- `revisions`    revisions, revision ids, the revision graph (heads, shown version, conflicts)
- `identity`     the workspace's device id; the team member working on a review on this device
- `changelog`    this device's change log; sealed change sets
- `merge`        loading what a review holds, logging, sealing, taking in and applying change sets
- `bundle`       the bundle file format
- `share`        share and receive bundles (creating a review from them)
- `folder_sync`  publish and take in through a team folder
- `conflicts`    list and resolve conflicts
- `status`       the team at a glance; the readiness errors before a final export
"""
