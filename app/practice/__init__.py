"""Getting better across attempts: loops and their debrief, progress, "practise next", and the story bank.

Pure deciders, like the planner and the scorer: they read stored scorecards and answers and never
call a model or the database.
"""
