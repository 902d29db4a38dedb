"""Checks a model's follow-up before a candidate sees it as final: one concise, neutral, open question
that neither praises, nor leads, nor answers the interview question, nor hints at a good answer."""

from __future__ import annotations

import re

MAX_FOLLOW_UP_CHARS = 600
MAX_SENTENCES = 4
_ANSWERS_ITSELF = re.compile(
    r"\b(?:a (?:good|strong|great|complete|ideal) answer(?: would)?|you (?:should|could|might|may want to) "
    r"(?:mention|talk about|discuss|say|cover|consider|include)|for example,? you could|"
    r"here(?:'s| is) (?:how|an example|what)|"
    r"the (?:right|correct|best) answer|model answer|ideal answer|i would (?:design|use|recommend|suggest)|"
    r"one approach (?:is|would be)|a common approach|hint:)",
    re.IGNORECASE,
)
_PRAISE = re.compile(
    r"\b(?:great|excellent|good|nice|strong|impressive|fantastic|wonderful|brilliant|solid|perfect|awesome)\s+"
    r"(?:answer|example|point|job|work|story|response|stuff|question|start|call|thinking)\b"
    r"|\b(?:well done|good job|nicely done|i love (?:that|this|how)|that'?s (?:great|impressive|excellent|a great|"
    r"a strong|really (?:good|strong|impressive))|thanks? (?:you )?for (?:sharing|that)|that'?s a (?:really )?"
    r"(?:strong|great|good|excellent) example|(?:really|very) (?:impressive|strong|good))",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"\b(?:wouldn'?t you (?:agree|say)|don'?t you think|isn'?t it (?:true|fair)|surely|wasn'?t (?:it|that) because|"
    r"didn'?t you (?:also|just)|you must have|i assume you|presumably you|right\?$)",
    re.IGNORECASE,
)
# An auxiliary at the start asks for yes or no, unless it opens a polite request ("Could you walk me...").
_YES_NO = re.compile(
    r"^(?:did|do|does|was|were|is|are|have|has|had|can|could|would|will|should|shall|may|might)\b"
    r"(?!\s+you\s+(?:walk|tell|explain|describe|share|talk|give|take|say|clarify|elaborate|expand|help|put|quantify|"
    r"break|go|outline|lay|list|summari[sz]e|detail|estimate|sketch|draw|show))",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def problem_with(text: str) -> str | None:
    """Why this completion cannot be used, or None if it can."""
    stripped = text.strip()
    if not stripped:
        return "empty completion"
    if len(stripped) > MAX_FOLLOW_UP_CHARS:
        return f"overlong completion ({len(stripped)} characters)"
    if "?" not in stripped:
        return "completion is not a question"
    if stripped.count("?") > 1:
        return "completion asks more than one question"
    if _ANSWERS_ITSELF.search(stripped):
        return "completion answers or hints at the question"
    if _PRAISE.search(stripped):
        return "completion praises the candidate"
    if _LEADING.search(stripped):
        return "completion is a leading question"
    question = stripped[stripped.rfind(".", 0, stripped.index("?")) + 1 :].strip()
    if _YES_NO.match(question):
        return "completion is a yes/no question"
    if len(_SENTENCE_END.findall(stripped)) > MAX_SENTENCES:
        return "completion is not one concise follow-up"
    return None
