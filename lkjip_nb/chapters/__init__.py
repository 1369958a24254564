"""Per-chapter assembly: domain results shaped into the tables a chapter notebook shows.

Each module takes a :class:`lkjip_nb.notebook.Context` and returns exact result frames,
display frames (strings in Indonesian format) and key figures, so notebooks only show them.
"""
