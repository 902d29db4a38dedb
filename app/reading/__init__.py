"""Reading candidates' answers: the offline assessor and the patterns it reads with."""
