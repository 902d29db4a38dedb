"""Services that build on interviews: loops and their debrief, progress, the story bank, an identity's data.

A layer above ``app.interviews``: a loop's rounds are ordinary interviews, started and run by the
interview service; these services read what it stored and decide through ``app.practice``.
"""
