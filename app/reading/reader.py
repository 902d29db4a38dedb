"""The offline assessor: reads one answer into an AnswerAssessment, with rules that survive paraphrase.

It works clause by clause, and a clause shows a part of the drill only with its content: a verb in
the past after "I" (any verb, not a list of them), a number in a change or a result with what it
measures, an option named after a cue, a lesson that is more than a platitude. Negated clauses ("I did
not consider other options"), habits ("I always weigh the options") and deflections ("that's more of
a PM question") satisfy nothing; naming a category without its content ("I weighed the trade-offs")
is recorded as hollow. Asked for a part, a substantive reply that speaks to it gives it: a bar raiser
hears an answer in the light of the question. Pure: text in, assessment out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.bank.models import Question
from app.content import Lexicon
from app.domain.assessment import (
    HORIZON_ORDER,
    SCOPE_ORDER,
    AnswerAssessment,
    Claim,
    ClaimKind,
    Contradiction,
    Horizon,
    Satisfied,
    Scope,
)
from app.domain.dialogue import Turn
from app.reading.patterns import Patterns, compile_lexicon, tokens

DRILL_STEPS = ("role", "metrics", "impact", "alternatives", "resistance", "learning", "application", "scope")
MAX_QUOTE_WORDS = 40
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|—|–|\s-\s)\s*|,\s+(?=(?:but|so|and then|which|while|whereas|although|though|yet)\b)|\s+(?=but\b)",
    re.IGNORECASE,
)
_APPROXIMATE = {"about", "around", "roughly", "approximately", "nearly", "almost", "just", "only", "some", "over"}
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1_000,
    "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12, "half": 0.5, "a third": 1 / 3,
    "two-thirds": 2 / 3, "a quarter": 0.25, "three-quarters": 0.75, "a fifth": 0.2, "a tenth": 0.1,
}  # fmt: skip
_FRACTIONS = {"half", "a third", "two-thirds", "a quarter", "three-quarters", "a fifth", "a tenth"}
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9}
# Words right before a number that make it a measurement in a change ("from 9 hours", "by 2 s").
_CHANGE_PREPOSITIONS = {"from", "to", "by", "under", "below", "above", "than"}
_PEOPLE_OWNERS = re.compile(
    r"(?:team|group|org|squad) of\s*$|(?:\bmy|\bour|\bI had|\bI led|\bI managed|\bmanaging|\bleading)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"^\s*(?:and |but |so )?(?:if|unless)\b|\b(?:would|could|might)(?: have)?\b|\bi'd (?!\w+ed\b)", re.IGNORECASE
)
# "Next time that comes first": what would change, pointing back at the sentence that says what.
_NEGATION_BREAK = re.compile(r"[,;:]|\b(?:because|but|so|and then|which|since|while|although|though)\b", re.IGNORECASE)
_NEXT_TIME = re.compile(r"\b(?:next time|in future|in the future|going forward|from now on)\b", re.IGNORECASE)
_BACK_REFERENCE = re.compile(r"\b(?:that|this|it)\b", re.IGNORECASE)
_CONDITIONAL = re.compile(r"^\s*(?:and |but |so )?(?:if|unless)\b", re.IGNORECASE)
_IF_BEFORE = re.compile(r"\b(?:if|unless)\s+$", re.IGNORECASE)
_TEAM_OF = re.compile(r"\b(?:team|group|org|organi[sz]ation|squad|department) of\s*$", re.IGNORECASE)
_MY_PEOPLE = re.compile(
    r"\w+\s+(?:reporting to me|on my team|in my team|under me|working for me|in my (?:group|org))", re.IGNORECASE
)
_CHANGE_PAIR = re.compile(r"\bfrom\b(?P<before>[^,;]{0,40}?)\bto\b", re.IGNORECASE)
# What follows "considered" when it names a course of action: "a full rebuild", "buying a platform".
_OPTION_HEAD = re.compile(
    r"\s*(?:up\s+)?(?:(?:a|an)\s+(?!(?:few|couple|number|lot|bunch|range|variety|set|different)\b)"
    r"(?:\w+\s+)?(?P<word>\w+)|(?P<gerund>\w+ing)\b)",
    re.IGNORECASE,
)
_WEAK_OPTION_CUE = re.compile(
    r"considered|weighed|looked at|evaluated|compared|explored|debated|between|(?:talked|thought|talk|think) about"
    r"|toyed with|floated",
    re.IGNORECASE,
)
# What a reply to a probe must touch to count as an answer to it, beside being substantive.
_SPEAKS_TO = {
    "alternatives": re.compile(
        r"\b(?:option|alternative|instead|rather|versus|vs|cheaper|faster|slower|riskier|safer|simpler|cost|"
        r"trade|either|or|buy|build|could have|would have|considered|rejected|ruled out|than)\b",
        re.I,
    ),
    "learning": re.compile(
        r"\b(?:would|'d|should|next time|differently|lesson|learn\w*|reali[sz]\w*|mistake|wrong|earlier|sooner|"
        r"later|now|again|if I|before|first|instead)\b|^\s*[A-Z][a-z]+ (?:by|to|the|with|earlier|early|first)\b",
        re.I | re.M,
    ),
    "application": re.compile(
        r"\b(?:now|since|today|current(?:ly)?|every|whenever|always|same|again|habit|still|these days|next)\b", re.I
    ),
    "resistance": re.compile(
        r"\b(?:he|she|they|them|his|her|their|team|manager|director|vp|stakeholders?|partners?|pm|leadership|"
        r"engineers?|finance|sales|ops|security|legal)\b",
        re.I,
    ),
}
_SUBSTANTIVE = 12
_CURRENCY = re.compile(r"(?:dollars|euros|pounds|usd|eur|gbp)\b")
_HEARD_AS: dict[str, ClaimKind] = {"learning": "lesson", "application": "application"}
_CONCRETE_WORDS = 4


@dataclass(frozen=True)
class Clause:
    text: str
    start: int


_WRAPPED = re.compile(r"(?<![\n.!?])\n(?![\n\s]*(?:[-*•]|\d+[.)])\s)")


def unwrap(text: str) -> str:
    """A line break inside a paragraph (a terminal, a text editor) is a space; the length is kept, so
    positions in the result are positions in the text."""
    return _WRAPPED.sub(" ", text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(unwrap(text)) if m.group().strip()]


def clauses(text: str) -> list[Clause]:
    """The text cut into sentences, and sentences at semicolons, dashes and contrasting conjunctions."""
    out: list[Clause] = []
    for start, end in sentence_spans(text):
        sentence, pos = unwrap(text[start:end]), 0
        for brk in _CLAUSE_BREAK.finditer(sentence):
            if brk.start() > pos:
                out.append(Clause(sentence[pos : brk.start()], start + pos))
            pos = brk.end()
        if pos < len(sentence):
            out.append(Clause(sentence[pos:], start + pos))
    return [part for c in out if c.text.strip() for part in _shorter(Clause(c.text.strip(), c.start))]


_COMMA = re.compile(r",\s+(?:and\s+)?")


def _shorter(clause: Clause) -> list[Clause]:
    """A clause too long to quote, cut at its commas into runs of whole parts that can be quoted."""
    if len(clause.text.split()) <= MAX_QUOTE_WORDS:
        return [clause]
    out: list[Clause] = []
    pos = 0
    for brk in [*_COMMA.finditer(clause.text), None]:
        end = brk.start() if brk else len(clause.text)
        piece = clause.text[pos:end]
        if out and len((clause.text[out[-1].start - clause.start : end]).split()) <= MAX_QUOTE_WORDS:
            out[-1] = Clause(clause.text[out[-1].start - clause.start : end], out[-1].start)
        elif piece.strip():
            out.append(Clause(piece, clause.start + pos))
        pos = brk.end() if brk else end
    return out


class Reader:
    """The lexicon, compiled once, and the rules that read with it."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.p: Patterns = compile_lexicon(lexicon)

    # ----- pieces of text -------------------------------------------------------------------------

    def clauses(self, text: str) -> list[Clause]:
        return clauses(text)

    def content(self, text: str) -> list[str]:
        """The words of ``text`` that carry content: not function words, not generic filler."""
        p = self.p
        return [t for t in tokens(text) if len(t) > 2 and t not in p.stopwords and t not in p.generic]

    def concrete(self, text: str) -> list[str]:
        """Content that is not advice-speak either ('communication', 'alignment', 'important')."""
        return [w for w in self.content(text) if w not in self.p.abstract]

    def _negated(self, clause: str, at: int) -> bool:
        """Not asserted at position ``at`` of the clause: a negation among the few words before it, or anywhere
        before it in a short clause ("I haven't done anything across the organisation"); or words only
        mentioned, inside quotation marks ('we didn't think in terms of "my call"', 'she said "we decided"')."""
        before_it = clause[:at]
        if before_it.count('"') % 2 or before_it.count("“") > before_it.count("”"):
            return True
        # A negation does not reach past a comma or a conjunction: "I didn't need buy-in, because the mandate
        # came from the director" denies the buy-in, not the mandate.
        scope = _NEGATION_BREAK.split(before_it)[-1]
        before = scope.split()
        window = before if len(before) <= 10 else before[-5:]
        return bool(window) and bool(self.p.negation.search(" ".join(window)))

    def _habit(self, clause: str) -> bool:
        return bool(self.p.habitual.search(clause))

    @staticmethod
    def _quotable(text: str) -> str:
        text = text.strip().rstrip(",;:")
        return text if len(text.split()) <= MAX_QUOTE_WORDS else ""

    # ----- claims ---------------------------------------------------------------------------------

    def claims(self, text: str) -> list[Claim]:
        found: list[Claim] = []
        clauses = self.clauses(text)
        listed = 0
        for i, clause in enumerate(clauses):
            claims = self._clause_claims(
                clause.text,
                clauses[i + 1].text if i + 1 < len(clauses) else None,
                text,
                clauses[i - 1].text if i else None,
            )
            # "I laid out three options." and then each of them, one sentence apiece
            named = self._option_words(clause.text) if listed else []
            if (
                len(named) >= 2
                and not any(c.kind == "option" for c in claims)
                and (quote := self._quotable(clause.text))
            ):
                claims.append(Claim(kind="option", quote=quote, subject=" ".join(named[:4])))
            listed = max(listed - 1, self._options_counted(clause.text))
            found += claims
        return [c.model_copy(update={"specific": self.is_specific(c.quote)}) for c in found]

    def _options_counted(self, text: str) -> int:
        """How many options the clause says it will list ("three options", "I looked at three:"), else 0."""
        counted = self.p.counted_options.search(text)
        if counted is None or self._negated(text, counted.start()):
            return 0
        first = counted.group().split()[0].lower()
        return {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}.get(first, 0)

    def is_specific(self, quote: str) -> bool:
        """Particular to this story: a number, a name, or enough concrete words that are neither advice-speak
        nor the language of leadership principles ("I Dive Deep into the data")."""
        if re.search(r"\d", quote):
            return True
        if self.p.buzzword.search(quote):
            return False
        if re.search(r"(?<=[a-z,;]\s)(?!I\b)[A-Z][a-z]+", quote):
            return True
        return len(self._particular(quote)) >= _CONCRETE_WORDS

    def _particular(self, text: str) -> list[str]:
        """Concrete words that are not how the story is told: not a category ("alternatives"), not a way of
        weighing or choosing ("considered", "carefully"), not a lesson's or a result's cue ("improved")."""
        p = self.p
        return [
            w
            for w in self._option_words(text)
            if not any(cue.fullmatch(w) for cue in (p.option_cue, p.lesson, p.resistance, p.result, p.vague_amount))
        ]

    def _clause_claims(
        self, text: str, following: str | None, story: str = "", previous: str | None = None
    ) -> list[Claim]:
        p = self.p
        quote = self._quotable(text)
        if not quote:
            return []
        if p.deflection.search(text):
            # "Whether to slip was more my manager's call": handing it off claims nothing for the candidate;
            # what it says someone else did is kept, to be compared with what the candidate claimed before.
            return [c for c in self._actions(text, quote) if c.actor == "other"]
        habit = self._habit(text)
        out: list[Claim] = self._numbers(text, quote)
        if not habit:
            out += self._actions(text, quote)
            out += self._decisions(text, quote)
            out += self._option(text, quote) or self._listed_options(text, following)
            if (push := p.resistance.search(text)) and not self._negated(text, push.start()):
                out.append(Claim(kind="resistance", quote=quote))
        if (result := p.result.search(text)) and not self._negated(text, result.start()) and not habit:
            numbered = any(c.kind == "number" for c in out)
            concrete = [w for w in self.concrete(text) if not p.vague_amount.fullmatch(w)]
            vague = p.vague_outcome.search(text) or p.vague_amount.search(text)
            if numbered or (len(concrete) >= 3 and not vague):
                out.append(Claim(kind="result", quote=quote, subject=" ".join(concrete[:4])))
        for kind, pattern in (("lesson", p.lesson), ("application", p.application)):
            if (cue := pattern.search(text)) and not self._negated(text, cue.start()):
                said = self._said_after(text, cue)
                if self._platitude(text, story):
                    continue
                points_back = (
                    kind == "lesson"
                    and previous is not None
                    and len(said) <= 3
                    and bool(_BACK_REFERENCE.search(text))
                    and bool(_NEXT_TIME.search(text))
                )
                if self._specific(said) and not points_back:
                    out.append(Claim(kind=kind, quote=quote, subject=" ".join(said[:5])))
                elif following is not None and self._lead_in(text, cue) and not pattern.search(following):
                    more = self.concrete(following)
                    if (
                        self._specific(more)
                        and not self._platitude(following)
                        and (next_quote := self._quotable(following))
                    ):
                        out.append(Claim(kind=kind, quote=next_quote, subject=" ".join(more[:5])))
                elif points_back and previous is not None:
                    # "Agree the handover before writing code. Next time that comes first.": the lesson is
                    # the sentence "that" points back to.
                    more = self.concrete(previous)
                    if self._specific(more) and not self._platitude(previous) and (earlier := self._quotable(previous)):
                        out.append(Claim(kind=kind, quote=earlier, subject=" ".join(more[:5])))
        hypothetical = _HYPOTHETICAL.search(text)
        for level, pattern in p.scope.items():
            # Reach is what happened: "I haven't done anything across the organisation yet" and "if I had a
            # bigger org I'd..." show none.
            hit = pattern.search(text)
            if hit and not hypothetical and not p.negation.search(text[: hit.start()]):
                out.append(Claim(kind="scope", quote=quote, subject=level))
        spans = [c.subject for c in out if c.kind == "horizon"]
        spans += [
            level
            for level, pattern in p.horizon.items()
            if (hit := pattern.search(text)) and not self._negated(text, hit.start())
        ]
        if widest := _widest(spans, HORIZON_ORDER):  # "within ninety days ... over the following year": a year
            out = [c for c in out if c.kind != "horizon"] + [Claim(kind="horizon", quote=quote, subject=widest)]
        if (hit := p.senior.search(text)) and not self._negated(text, hit.start()):
            out.append(Claim(kind="stakeholder", quote=quote))
        if (
            (hit := p.mechanism.search(text))
            and not self._negated(text, hit.start())
            and not hypothetical
            and p.mechanism_cue.search(text)
        ):
            out.append(Claim(kind="mechanism", quote=quote))
        return out

    @staticmethod
    def _lead_in(text: str, cue: re.Match[str]) -> bool:
        """The clause announces what comes next ("The lesson for me:", "What I learned was simple.") rather
        than saying, however vaguely, what it was."""
        return text.rstrip().endswith((":", "-")) or len(tokens(text[cue.end() :])) <= 3

    def _said_after(self, text: str, cue: re.Match[str]) -> list[str]:
        cue_words = set(tokens(cue.group()))
        return [w for w in self.content(text[cue.start() :]) if w not in cue_words]

    def _platitude(self, text: str, story: str = "") -> bool:
        """Advice to everyone ("it's important to...") with nothing from the story in it: no number, no name,
        no concrete word that the rest of the story (``story``) uses too."""
        if not self.p.platitude.search(text):
            return False
        named = re.search(r"\d|(?<!^)(?<![.!?]\s)\b(?!I\b)[A-Z][a-z]+", text.strip())
        own = {w for w in self.concrete(text) if len(w) >= 5}
        rest = set(self.concrete(story.replace(text, " "))) if story else set()
        return not named and not (own & rest)

    def _specific(self, words: list[str]) -> bool:
        """Enough content, most of it not advice-speak: a lesson, not a platitude."""
        concrete = [w for w in words if w not in self.p.abstract]
        return len(concrete) >= 2 and len(concrete) >= len(words) / 2

    def _option(self, text: str, quote: str) -> list[Claim]:
        p = self.p
        cue = p.option_cue.search(text)
        if cue is None and p.decision.search(text):
            # "we went with X instead of Y": a choice between named options, the one set aside named after it
            cue = next((c for c in p.contrast.finditer(text) if self._option_words(text[c.end() :])), None)
        if cue is None or self._negated(text, cue.start()):
            return []
        tail = text[cue.end() :] if cue.group().lower() not in ("versus", "vs", "vs.", "over") else text
        named = self._option_words(tail)
        if _WEAK_OPTION_CUE.fullmatch(cue.group()) and not self._names_an_option(tail):
            return []  # "I weighed the trade-offs, the risk and the value": what was weighed, not an option
        return [Claim(kind="option", quote=quote, subject=" ".join(named[:4]))] if named else []

    def _names_an_option(self, tail: str) -> bool:
        """After "considered", "weighed"...: a course of action ("a full rebuild", "buying a platform") or two
        things set against each other ("caching versus scaling"), not a category or what was looked at."""
        if self.p.contrast.search(tail) or re.search(r"\b(?:or|against|whether)\b", tail, re.IGNORECASE):
            return len(self._option_words(tail)) >= 2
        if re.match(r"\s*(?:up\s+)?(?:at\s+)?[A-Z][\w-]+", tail):
            return True  # a product or a named approach: "looked at Aurora Postgres"
        head = _OPTION_HEAD.match(tail)
        if head is None:
            return False
        return head.group("gerund") is not None or not self.p.category.fullmatch(head.group("word"))

    def _option_words(self, text: str) -> list[str]:
        """Words that could name an option: not the category ("approaches"), not a measure, not how it was
        weighed ("carefully", "choosing")."""
        p = self.p
        return [
            w
            for w in self.content(text)
            if not (p.category.fullmatch(w) or p.metric_word.fullmatch(w) or self._deciding(w))
            and not w.endswith("ly")
            and w not in p.abstract
        ]

    def _deciding(self, word: str) -> bool:
        stem = word.removesuffix("ing")
        return any(self.p.decision.fullmatch(form) for form in (word, stem, stem + "e"))

    def _listed_options(self, text: str, following: str | None) -> list[Claim]:
        """ "I put three options in front of them." and the options named right after, in the next clause
        or after a colon: naming how many is not naming them."""
        p = self.p
        counted = p.counted_options.search(text)
        if counted is None or self._negated(text, counted.start()):
            return []
        for part in (text[counted.end() :], following or ""):
            named = self._option_words(part)
            if len(named) >= 2 and (quote := self._quotable(part if part is following else text)):
                return [Claim(kind="option", quote=quote, subject=" ".join(named[:4]))]
        return []

    def _past(self, verb: str) -> bool:
        return verb.endswith("ed") or verb in self.p.irregular_past

    def _actions(self, text: str, quote: str) -> list[Claim]:
        out: list[Claim] = []
        if _CONDITIONAL.match(text):
            return out  # "If I had pushed harder...": what might have been, not what was done
        mine = ((self.p.first_person_verb, "self"), (self.p.we_verb, "shared"))
        for pattern, actor in (*mine, (self.p.their_verb, "other")):
            for m in pattern.finditer(text):
                verb = (m.group(1) or m.group(2)).lower().replace("’", "'")
                if actor == "other" and not self._past(verb):
                    continue  # "he found", "it was done by": what someone else did
                if verb in self.p.non_action or verb.endswith("n't") or self.p.negation.fullmatch(verb):
                    continue
                if self._negated(text, m.start()) or _IF_BEFORE.search(text[: m.start()]):
                    continue
                out.append(Claim(kind="action", quote=quote, subject=verb, actor=actor))
        return out

    def _decisions(self, text: str, quote: str) -> list[Claim]:
        p = self.p
        subject = " ".join(self.content(text)[:6])
        if (mine := p.my_decision.search(text)) and not self._negated(text, mine.start()):
            return [Claim(kind="decision", quote=quote, subject=subject, actor="self")]
        if (theirs := p.other_decision.search(text)) and not self._negated(text, theirs.start()):
            return [Claim(kind="decision", quote=quote, subject=subject, actor="other")]
        ours = re.search(r"\bwe\s+(?:\w+\s+)?(?:" + p.decision.pattern + ")", text, re.IGNORECASE)
        if ours and not self._negated(text, ours.start()):
            return [Claim(kind="decision", quote=quote, subject=subject, actor="shared")]
        return []

    def _numbers(self, text: str, quote: str) -> list[Claim]:
        """Quantities in a clause: a measurement (with what it measures), a team's size, a span of time,
        a count of teams. Years, list numbers and 'one of the' are not quantities."""
        p = self.p
        out: list[Claim] = []
        change_pair = _CHANGE_PAIR.search(text)
        changing = bool(change_pair or p.result.search(text) or p.multiplier.search(text))
        found = sorted([*p.number.finditer(text), *p.multiplier.finditer(text)], key=lambda m: m.start())
        subjects = self._subjects(text, found)
        for i, m in enumerate(found):
            subject = subjects[i]
            raw = m.group().strip()
            before, after = text[: m.start()], text[m.end() :]
            follower = after.strip().lower()
            previous = _previous_word(before)
            if re.fullmatch(r"(?:19|20)\d\d", raw):
                if previous in ("by", "until", "through"):
                    out.append(Claim(kind="horizon", quote=quote, subject="years"))
                continue
            if (not before.strip() and re.match(r"\s*[.)]", after)) or p.category.match(follower):
                continue  # a list number ("1. First we"), or a count of options ("two options")
            value = _value(raw)
            if p.people.match(follower) or _TEAM_OF.search(before):
                mine = _PEOPLE_OWNERS.search(before) or _MY_PEOPLE.match(follower)
                kind = "team_size" if mine else "number"
                unit = "people" if kind == "team_size" or not changing else "count"
                out.append(
                    Claim(
                        kind=kind,
                        quote=quote,
                        subject="people" if kind == "team_size" else subject,
                        value=value,
                        unit=unit,
                    )
                )
                continue
            if p.teams.match(follower):
                level = "organization" if (value or 0) >= 4 else "multi_team"
                out.append(Claim(kind="scope", quote=quote, subject=level))
                continue
            if duration := p.duration.match(follower):
                if previous in _CHANGE_PREPOSITIONS or p.change.fullmatch(previous):
                    out.append(Claim(kind="number", quote=quote, subject=subject, value=value, unit="time"))
                else:
                    out.append(Claim(kind="horizon", quote=quote, subject=_horizon_of(duration.group())))
                continue
            if not subject or not self._is_quantity(raw, previous, follower, text):
                continue
            money = raw[:1] in "$€£" or _CURRENCY.match(follower)
            unit = "%" if ("%" in raw or "percent" in raw.lower()) else "$" if money else "count"
            if unit == "count" and not (changing or p.change.fullmatch(previous)):
                unit = "context"  # a volume or a size that sets the scene, not a measure of what changed
            elif change_pair and change_pair.start("before") <= m.start() < change_pair.end("before"):
                unit += ":before"  # the baseline of a change: compared only with other baselines
            out.append(Claim(kind="number", quote=quote, subject=subject, value=value, unit=unit))
        return out

    def _subjects(self, text: str, numbers: list[re.Match[str]]) -> list[str]:
        """What each number measures: the words between it and the number before it ("latency fell from 9 s"),
        else those after it ("30% of orders"), else, for the second half of "from X to Y", X's."""
        p = self.p
        out: list[str] = []
        for i, m in enumerate(numbers):
            start = numbers[i - 1].end() if i else 0
            end = numbers[i + 1].start() if i + 1 < len(numbers) else len(text)
            if i:  # the previous number's unit is not what this one measures
                unit = re.match(r"\s*(?:ms|s|%|x|k|m|bn|percent|seconds?|minutes?|hours?|days?)\b", text[start:])
                start += unit.end() if unit else 0
            words = [
                w
                for w in self.content(text[start : m.start()])
                if not (p.change.fullmatch(w) or p.duration.fullmatch(w))
            ]
            if not words and re.match(r"\s*to\s*$", text[start : m.start()]) and out:
                words = out[-1].split()
            if not words:
                words = [w for w in self.content(text[m.end() : end]) if not p.change.fullmatch(w)][:3]
            out.append(" ".join(words[-4:]))
        return out

    def _is_quantity(self, raw: str, previous: str, follower: str, clause: str) -> bool:
        p = self.p
        if "%" in raw or "percent" in raw.lower() or raw[:1] in "$€£" or p.multiplier.fullmatch(raw):
            return True
        if not any(ch.isdigit() for ch in raw):
            # Spelled-out numbers are quantities beside a change or before the plural thing they count.
            if raw.lower() in _FRACTIONS:
                return bool(p.change.search(clause))
            if raw.lower() in ("one", "zero") and not p.change.fullmatch(previous):
                return False
            return bool(p.change.fullmatch(previous) or re.match(r"[a-z]{3,}s\b", follower))
        return bool(p.change.search(clause) or re.match(r"[a-z]", follower))

    # ----- the assessment -------------------------------------------------------------------------

    def assess_newest(self, question: Question, transcript: Sequence[Turn]) -> AnswerAssessment:
        """The newest answer of a transcript, read against the earlier ones and the probe it replied to."""
        interviewer = [t for t in transcript[:-1] if t.role == "interviewer"]
        answered = interviewer[-1].probe if interviewer else None
        if answered == "clarify":  # a press asks again what the answer before it avoided
            answered = interviewer[-2].probe if len(interviewer) >= 2 else None
        earlier = [(t.seq or 0, t.assessment) for t in transcript[:-1] if t.role == "candidate" and t.assessment]
        return self.assess(
            transcript[-1].text,
            answered=answered,
            earlier=earlier,
            follow_ups=[(f.id, f.covers) for f in question.follow_ups],
        )

    def assess(
        self,
        answer: str,
        *,
        answered: str | None = None,
        earlier: Sequence[tuple[int, AnswerAssessment]] = (),
        follow_ups: Sequence[tuple[str, str | None]] = (),
    ) -> AnswerAssessment:
        """``answered``: the probe this answer replies to (None for the opening question). ``earlier``:
        the assessments of the candidate's previous answers with their message numbers. ``follow_ups``:
        the question's own follow-ups as (id, the drill step each covers, if any)."""
        claims = self.claims(answer)
        content = self.content(answer)
        satisfied = self._satisfied(answer, answered, claims, content)
        # Asked what they learned or how they apply it, the reply is the lesson or the application, with or
        # without the words "I learned".
        for step in satisfied:
            if step.inferred and step.step in _HEARD_AS and not any(c.kind == _HEARD_AS[step.step] for c in claims):
                kind = _HEARD_AS[step.step]
                claims.append(Claim(kind=kind, quote=step.quote, specific=step.specific))
        dodge, dodge_quote = self._dodge(answer, answered, satisfied, claims, content)
        if dodge is not None:
            satisfied = [s for s in satisfied if s.step == "situation"] if dodge == "deflection" else []
        else:
            for follow_up, covers in follow_ups:
                given = {s.step: s.quote for s in satisfied}
                if answered == follow_up and len(content) >= 8:
                    quote, inferred = self._first_substantive(answer), True
                elif covers in given:
                    quote, inferred = given[covers], False
                else:
                    continue
                if quote:
                    satisfied.append(Satisfied(step=follow_up, quote=quote, inferred=inferred))
        scope = _widest([c.subject for c in claims if c.kind == "scope"], SCOPE_ORDER)
        horizon = _widest([c.subject for c in claims if c.kind == "horizon"], HORIZON_ORDER)
        return AnswerAssessment(
            answered=answered,
            satisfied=satisfied,
            dodge=dodge,
            dodge_quote=dodge_quote,
            hollow=self._hollow(answer, claims, satisfied),
            claims=claims,
            contradictions=self.contradictions(answer, claims, earlier),
            scope=scope,
            horizon=horizon,
            questions=[answer[s:e].strip() for s, e in sentence_spans(answer) if answer[s:e].strip().endswith("?")],
        )

    def _satisfied(self, answer: str, answered: str | None, claims: list[Claim], content: list[str]) -> list[Satisfied]:
        found: dict[str, str] = {}

        def of(kind: str, **match: str) -> list[Claim]:
            return [c for c in claims if c.kind == kind and all(getattr(c, k) == v for k, v in match.items())]

        mine = [c for c in of("action", actor="self") + of("decision", actor="self")]
        weight = sum(0.5 if c.subject in self.p.umbrella else 1.0 for c in mine)
        shared = len(of("action", actor="shared"))
        if weight >= 1.5 or (weight >= 1 and shared <= 2 * len(mine)):
            found["role"] = next((c.quote for c in mine if c.subject not in self.p.umbrella), mine[0].quote)
        outcomes = [c for c in of("number") if c.unit not in ("context", "people") and c.subject]
        if outcomes:
            found["metrics"] = outcomes[-1].quote
        if results := of("result"):
            found["impact"] = next(
                (c.quote for c in results if c.quote in {o.quote for o in outcomes}), results[0].quote
            )
        for step, kind in (("alternatives", "option"), ("learning", "lesson"), ("application", "application")):
            if found_claims := of(kind):
                found[step] = found_claims[0].quote
        handled = any(c.actor == "self" for c in of("action") + of("decision"))
        if (pushback := of("resistance")) and handled:
            found["resistance"] = pushback[0].quote
        scope = _widest([c.subject for c in of("scope")], SCOPE_ORDER)
        wide = [c for c in of("scope") if c.subject in ("organization", "company")]
        if wide and ("years" in {c.subject for c in of("horizon")} or of("mechanism")):
            found["scope"] = wide[0].quote
        elif scope is None and of("stakeholder") and of("mechanism"):
            found["scope"] = of("stakeholder")[0].quote
        if (
            answered is None
            and len(content) >= 15
            and len(sentence_spans(answer)) >= 2
            and (first := self._first_substantive(answer))
        ):
            found["situation"] = first
        if (
            answered in DRILL_STEPS
            and answered not in found
            and self._speaks_to(answered, answer, claims, content)
            and (quote := self._quote_speaking_to(answered, answer))
        ):
            found[answered] = quote
            inferred = answered
        else:
            inferred = None
        return [
            Satisfied(step=step, quote=quote, inferred=step == inferred, specific=self.is_specific(quote))
            for step, quote in found.items()
        ]

    def _speaks_to(self, step: str, answer: str, claims: list[Claim], content: list[str]) -> bool:
        """Asked for ``step``, does this substantive reply address it? (Its own evidence was not enough.)"""
        if len(self.concrete(answer)) < _SUBSTANTIVE:
            return False
        if step == "role":
            return any(c.kind == "action" and c.actor == "self" for c in claims)
        if step in ("metrics", "impact"):
            return any(c.kind in ("number", "result") for c in claims)
        if step == "scope":
            return any(c.kind in ("scope", "stakeholder", "mechanism") for c in claims)
        cue = _SPEAKS_TO.get(step)
        if step in ("learning", "application"):
            quote = self._quote_speaking_to(step, answer)
            return bool(quote) and not self._platitude(quote or "", answer) and self._specific(content)
        return bool(cue and cue.search(answer))

    def _hollow(self, answer: str, claims: list[Claim], satisfied: list[Satisfied]) -> list[str]:
        """Parts named as a category ("I weighed the trade-offs", "the lesson was huge") in a sentence with
        nothing particular in it. A sentence that names the category beside its content is not hollow, even
        when that content is not the part itself ("two more services on the same pattern since")."""
        p, given = self.p, {s.step for s in satisfied}
        named: dict[str, re.Pattern[str]] = {
            "alternatives": p.category,
            "learning": p.lesson,
            "application": p.application,
            "impact": p.vague_outcome,
        }
        hollow = []
        for start, end in sentence_spans(answer):
            sentence = answer[start:end]
            if self.is_specific(sentence):
                continue
            if p.metric_word.search(sentence) and (p.vague_amount.search(sentence) or p.result.search(sentence)):
                hollow.append("metrics")
            if re.search(r"trade-?offs?", sentence, re.IGNORECASE) or (
                p.category.search(sentence) and p.option_cue.search(sentence)
            ):
                hollow.append("alternatives")
            hollow += [step for step, cue in named.items() if step != "alternatives" and cue.search(sentence)]
        return [step for step in dict.fromkeys(hollow) if step not in given]

    def _quote_speaking_to(self, step: str, answer: str) -> str | None:
        """The first clause that addresses ``step`` (its cue, not negated), else the first substantive one."""
        cue = _SPEAKS_TO.get(step)
        for clause in self.clauses(answer):
            text = clause.text
            if self.p.hedge.search(text) or self.p.deflection.search(text):
                continue
            hit = cue.search(text) if cue else True
            if hit and (hit is True or not self._negated(text, hit.start())) and len(self.content(text)) >= 3:
                return self._quotable(text) or None
        return None

    def _first_substantive(self, answer: str) -> str | None:
        for clause in self.clauses(answer):
            if len(self.content(clause.text)) >= 3 and (quote := self._quotable(clause.text)):
                return quote
        return None

    def _dodge(
        self,
        answer: str,
        answered: str | None,
        satisfied: list[Satisfied],
        claims: list[Claim],
        content: list[str],
    ) -> tuple[str | None, str | None]:
        concrete = [
            c
            for c in claims
            if c.kind in ("option", "lesson", "application", "result")
            or (c.kind == "number" and c.unit != "context")
            or (c.kind == "action" and c.actor == "self")
        ]
        deflection = self.p.deflection.search(answer)
        # What the answer gives counts only outside the sentences that deflect.
        dodging = [answer[a:b] for a, b in sentence_spans(answer) if self.p.deflection.search(answer[a:b])]
        kept = [s for s in satisfied if not any(s.quote in sentence for sentence in dodging)]
        if answered is None:
            gave_it = len(concrete) >= 3
        elif answered in DRILL_STEPS:
            gave_it = any(s.step == answered for s in kept)
        else:
            gave_it = len([c for c in concrete if not any(c.quote in sentence for sentence in dodging)]) >= 2
        if deflection is not None and not gave_it:
            return "deflection", self._sentence_at(answer, deflection.start())
        if len(content) < 4 and not concrete:
            return "non_answer", self._quotable(answer) or None
        mine = any(c.kind == "decision" and c.actor == "self" for c in claims)
        story_fact = answered is None or answered in ("role", "metrics", "impact", "alternatives")
        if not concrete and not mine and story_fact and not gave_it:
            # Words, but nothing that happened: no action of the candidate's, no number, no option, no result.
            return "non_answer", next((self._quotable(answer[a:b]) for a, b in sentence_spans(answer)), None) or None
        if (hedge := self.p.hedge.search(answer)) and not gave_it and len(concrete) < 2:
            # Hedging ("it depends", "hard to say") with little concrete: a non-answer.
            return "non_answer", self._sentence_at(answer, hedge.start())
        return None, None

    def _sentence_at(self, answer: str, position: int) -> str | None:
        for start, end in sentence_spans(answer):
            if start <= position < end:
                return self._quotable(answer[start:end]) or None
        return None

    # ----- consistency ----------------------------------------------------------------------------

    def contradictions(
        self, answer: str, claims: list[Claim], earlier: Sequence[tuple[int, AnswerAssessment]]
    ) -> list[Contradiction]:
        if self.p.correction.search(answer):
            return []
        found: list[Contradiction] = []
        for seq, past in earlier:
            for old in past.claims:
                for new in claims:
                    about = self._conflict(old, new, answer)
                    if about and not any(c.about == about for c in found):
                        found.append(Contradiction(about=about, earlier=old.quote, later=new.quote, earlier_seq=seq))
        return found

    def _conflict(self, old: Claim, new: Claim, answer: str) -> str | None:
        if old.quote == new.quote:
            return None  # the same words said again
        if old.kind == new.kind == "team_size" and old.value and new.value and _apart(old.value, new.value, 0.2):
            return "team size"
        # Counts of people in different roles ("two on diagnosis, one on comms") are too easily told apart
        # wrongly: a team's size is compared as such, above.
        if old.kind == new.kind == "number" and old.unit == new.unit and old.unit not in ("context", "people"):
            shared, union = _stems(old.subject) & _stems(new.subject), _stems(old.subject) | _stems(new.subject)
            if (
                old.value
                and new.value
                and union
                and len(shared) / len(union) >= 0.5
                and _apart(old.value, new.value, 0.25)
            ):
                named = re.findall(r"[a-z]{4,}", (new.subject or "").lower())
                return f"the figure for {' '.join(dict.fromkeys(w for w in named if w[:5] in shared))}"
        if old.kind == new.kind == "decision" and {old.actor, new.actor} == {"self", "other"}:
            return "who made the decision"
        minimised = self.p.minimiser.search(answer) and self.p.other_actor.search(new.quote)
        mine_then = old.kind == "action" and old.actor == "self" and new.kind == "action" and new.actor != "self"
        if mine_then and minimised and _stems(old.quote) & _stems(new.quote) - _stems("team they them their"):
            return "who did the work"
        return None


def _previous_word(before: str) -> str:
    """The word before a number, past any "about", "roughly": "down to about one" -> "to"."""
    words = [w.lower().strip("(,\"'") for w in before.split()]
    while words and words[-1] in _APPROXIMATE:
        words.pop()
    return words[-1] if words else ""


def _apart(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) / max(a, b) > tolerance


def _stems(text: str | None) -> set[str]:
    """What a figure is about, as word stems; "roughly" and "about" say how exact it is, not what."""
    words = re.findall(r"[a-z]{4,}", (text or "").lower())
    return {w[:5] for w in words if w not in _APPROXIMATE and w.removesuffix("ly") not in ("rough", "approximate")}


def _widest(levels: Sequence[str | None], order: Sequence[str]) -> str | None:
    known = [lv for lv in levels if lv in order]
    return max(known, key=order.index) if known else None


def _horizon_of(unit: str) -> Horizon:
    unit = unit.lower()
    for prefix, horizon in (("year", "years"), ("quarter", "quarters"), ("q", "quarters"), ("month", "months")):
        if unit.startswith(prefix):
            return horizon  # type: ignore[return-value]
    return "weeks" if unit.startswith(("week", "sprint")) else "days"


def _value(raw: str) -> float | None:
    text = raw.lower().replace(",", "").replace("percent", "").replace("%", "").strip(" $€£")
    text = re.sub(r"^a\s+|\s+and\s+", " ", text).strip()
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)\s*(k|m|bn|b)?", text):
        return float(m.group(1)) * _SCALE.get(m.group(2) or "", 1.0)
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:x|times)", text):
        return float(m.group(1))
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", text):
        if word in ("hundred", "thousand", "million", "billion"):
            current = max(current, 1.0) * _NUMBER_WORDS[word]
            if word != "hundred":
                total, current = total + current, 0.0
        elif word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
    return (total + current) or None


def widest_scope(assessments: Sequence[AnswerAssessment]) -> Scope | None:
    return _widest([a.scope for a in assessments], SCOPE_ORDER)  # type: ignore[return-value]


def longest_horizon(assessments: Sequence[AnswerAssessment]) -> Horizon | None:
    return _widest([a.horizon for a in assessments], HORIZON_ORDER)  # type: ignore[return-value]
