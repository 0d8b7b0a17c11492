"""Parse-tree helpers: who is the subject of a cue, is a phrase speaker-like, what a
cue's content is. Rules about how news English is written, not about any article."""

from __future__ import annotations

from spacy.tokens import Token

from claims.nlp.cues import CueLexicon, cue_for
from claims.nlp.types import Resolution
from claims.nlp.wordlists import BODY_NOUNS, SPEAKER_NOUNS, WORDS, is_person_noun

# "I" outside quote marks is the writer of a first-person piece, who speaks unnamed.
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it", "i"})
ENT_SPEAKERS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
CLIMB_DEPS = frozenset({"advcl", "conj", "xcomp", "ccomp", "acl", "relcl", "pcomp", "prep"})
# "was quoted as saying", "after saying", "while insisting": the preposition keeps the
# speech act; "by advocating", "for saying" do not report a statement.
SPEECH_PREPS = frozenset({"as", "after", "before", "while", "when"})
# "began by saying that ...", "erred in saying that ...": a speech verb after "by" or "in"
# is still a statement of the subject's; a means such as "by advocating X" is not.
MEANS_PREPS = frozenset({"by", "in"})
NEG_HEADS = WORDS["refusal_verbs"]
WH_WORDS = WORDS["wh_words"]


def is_speaker_like(tok: Token) -> bool:
    """A person, organisation, role or group, judged from the phrase head."""
    if tok.dep_ == "expl":
        return False
    if counted_people(tok):
        return True
    if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "WP"):
        return tok.lower_ in SPEAKER_PRONOUNS
    if tok.ent_type_ in ENT_SPEAKERS:
        return tok.ent_type_ != "GPE" or _is_government_subject(tok)
    if tok.pos_ == "PROPN":
        return True
    if tok.lower_ in SPEAKER_NOUNS or tok.lower_ in BODY_NOUNS:
        return True
    if tok.pos_ == "NOUN" and is_person_noun(tok.text):
        return True
    # "Mr X's ally, local mayor Y, said", "One hopeful, Carly Fiorina, says": a common
    # noun named in apposition (the tagger may take the name for an organisation).
    return any(c.dep_ == "appos" and _named(c) for c in tok.children)


# Words that count a share of a group: "six in 10 say", "52 percent of voters said",
# "most of the candidates said", "several said", "another said".
COUNT_WORDS = frozenset(
    {"percent", "%", "half", "third", "thirds", "quarter", "quarters", "fifth", "fifths",
     "majority", "majorities", "minority", "plurality", "most", "many", "several", "some",
     "few", "another", "others", "both", "none"}
)  # fmt: skip


def counted_people(tok: Token) -> bool:
    """'Six in 10 say ...', '52 percent of voters said ...', 'most of the candidates
    said ...', 'those surveyed say ...': a share of a group of people stands as the
    subject. A share of anything else ('half of the money') is no one."""
    if tok.dep_ not in ("nsubj", "nsubjpass", "pobj") or tok.ent_type_ in ("DATE", "MONEY"):
        return False
    if tok.lower_ == "those":  # "those surveyed say", "those who backed him said"
        return any(c.dep_ in ("acl", "relcl") for c in tok.children)
    if tok.lower_ not in COUNT_WORDS and not (tok.tag_ == "CD" and tok.ent_type_ != "TIME"):
        return False
    shares = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
    return all(p.dep_ != "pobj" or is_speaker_like(p) for p in shares)


def _named(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and tok.ent_type_ != "GPE")


def _is_government_subject(tok: Token) -> bool:
    # A country as subject of a cue stands for its government ("Albania has rejected").
    return True


# Modifiers that count or rate a group without saying whose it is ("some officials",
# "many experts", "other analysts", "senior officials").
_VAGUE_MODIFIERS = frozenset(
    {"some", "many", "several", "other", "others", "few", "most", "all", "both", "more",
     "these", "those", "such", "various", "numerous", "certain", "senior", "top", "outside",
     "independent", "political", "local", "former", "current", "anonymous", "unnamed",
     "leading", "prominent", "concerned", "frustrated", "angry", "longtime", "even", "two",
     "three", "four", "dozens", "hundreds", "thousands", "multiple", "fellow"}
)  # fmt: skip
# Prepositions whose object says whose group it is or where it stands: "advisers to the
# governor", "officials in both cities", "members of the committee".
_GROUP_PREPS = frozenset({"of", "to", "in", "at", "for", "from", "with", "close", "inside"})


def described_group(head: Token) -> bool:
    """'Clinton's aides', 'campaign officials', 'Republican leaders', 'advisers to the
    governor': a plural the text ties to a person, body, party or place, which a reader
    can place, unlike bare 'critics' or 'officials' or a count ('some experts')."""
    for child in head.children:
        if child.i > head.i:
            if child.dep_ == "prep" and child.lower_ in _GROUP_PREPS and _has_noun(child):
                return True
            continue
        if child.lower_ in _VAGUE_MODIFIERS:
            continue
        if child.dep_ == "poss":
            return True
        if child.dep_ == "compound" and child.pos_ in ("NOUN", "PROPN"):
            return True
        if child.dep_ in ("amod", "compound") and _proper_adjective(child):
            return True
    return False


def _has_noun(prep: Token) -> bool:
    return any(c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN", "PRON") for c in prep.children)


def _proper_adjective(tok: Token) -> bool:
    """'Republican', 'American', 'Democratic': a party, nation or body as a modifier."""
    if tok.ent_type_ in ("NORP", "ORG", "GPE"):
        return True
    return tok.text[:1].isupper() and tok.i != tok.sent.start


def subject_of(tok: Token) -> Token | None:
    """Explicit subject of a verb (relative 'who' mapped to the noun it modifies). Of two
    subjects ("A: Name told reporters ..."), a speaker-like one."""
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) > 1:
        subjects.sort(key=lambda c: not (c.pos_ == "PROPN" or c.ent_type_ in ENT_SPEAKERS))
    for child in subjects:
        if child.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
            return _who_antecedent(tok.head) if child.lower_ == "who" else tok.head
        return child
    return _misparsed_subject(tok)


def _who_antecedent(noun: Token) -> Token:
    """'Grijalva of Arizona, a co-chairman of the Progressive Caucus, who sent ...': "who"
    is a person, but the parser hangs it on the nearest noun, often a body or place inside
    the description of that person. Climb that description to the person it describes: a
    named person, else the first noun for a person ("officials at the ministry, who")."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return noun  # "those who said": the group itself
    cur = noun
    for _ in range(_MAX_WHO_CLIMB):
        if cur.ent_type_ == "PERSON":
            return cur
        if cur.pos_ == "NOUN" and is_person_noun(cur.text):
            return _described_name(cur) or cur
        if cur.dep_ not in _DESCRIPTION_DEPS or cur.head.i == cur.i:
            break
        cur = cur.head
    return noun


def _described_name(noun: Token) -> Token | None:
    """'Harold Doley, a banker and former official who ...': the named person a
    description stands in apposition to."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    head = noun.head
    if noun.dep_ != "appos" or head.ent_type_ != "PERSON":
        return None
    while head.dep_ == "compound" and head.head.ent_type_ == "PERSON":
        head = head.head  # 'Jesus "Chuy" Garcia, a commissioner who': the whole name
    return head


_MAX_WHO_CLIMB = 6
# The links inside "Name of Place, a member of Body": an apposition and its prepositional
# phrases.
_DESCRIPTION_DEPS = frozenset({"appos", "pobj", "prep"})


def _misparsed_subject(tok: Token) -> Token | None:
    """'speaking to Sky's X, the president of Kosovo said ...': the parser hangs the real
    subject on the name before it as an appositive; take the phrase right before the verb."""
    if tok.i == 0 or tok.dep_ not in ("ROOT", "ccomp", "conj"):
        return None
    last = tok.i - 1  # "Speaking on radio SRF, the head of X, Name, said": skip the comma
    while last > 0 and tok.doc[last].is_punct:
        last -= 1
    prev = tok.doc[last]
    for _ in range(4):
        if prev.dep_ == "appos" and prev.right_edge.i == last:
            return prev
        if prev.head.i == prev.i:
            return None
        prev = prev.head
    return None


def with_subject(tok: Token) -> Token | None:
    """'..., with X (V-ing ...), clarifying that ...': the participle's subject is X."""
    if tok.tag_ != "VBG" or tok.i == 0:
        return None
    prep = _with_before(tok)
    # An absolute "..., with X V-ing" follows a comma; "met with officials" is no such thing.
    if prep is None or not (0 < prep.i < tok.i) or prep.doc[prep.i - 1].text != ",":
        return None
    for child in prep.children:
        found = _with_child_subject(child)
        if found is not None:
            return found
    return None


def _with_before(tok: Token, max_climb: int = 5) -> Token | None:
    """The 'with' the word before the participle hangs from, a few heads up."""
    j = tok.i - 1
    while j > 0 and tok.doc[j].is_punct:
        j -= 1
    prep = tok.doc[j]
    for _ in range(max_climb):
        if prep.dep_ == "prep" and prep.lower_ == "with":
            return prep
        if prep.head.i == prep.i:
            return None
        prep = prep.head
    return None


def _with_child_subject(child: Token) -> Token | None:
    if child.dep_ == "pobj" and is_speaker_like(child):
        return child
    if child.dep_ == "pcomp":
        subj = subject_of(child)
        if subj is not None and is_speaker_like(subj):
            return subj
    return None


def inherited_subject(tok: Token, max_depth: int = 4, *, speech: bool = False) -> Token | None:
    """Subject for a participle or conjoined verb ('..., saying ...'): climb the heads.
    ``speech``: the verb reports what was said, so "by/in V-ing" climbs too."""
    found = with_subject(tok)
    if found is not None:
        return found
    preps = SPEECH_PREPS | MEANS_PREPS if speech else SPEECH_PREPS
    cur = tok
    for _ in range(max_depth):
        if not _climbs(cur, preps):
            return None
        head = cur.head
        if cur.dep_ == "acl" and head.pos_ in ("PROPN", "NOUN"):
            # "with X clarifying that ...", "she released a statement saying ..."
            return _after_relative(cur) or _document_author(head) or head
        subj = subject_of(head)
        if subj is not None and not _passes_over(subj, cur, head):
            return subj if is_speaker_like(subj) else None
        cur = head
    return None


def _after_relative(verb: Token) -> Token | None:
    """'Mr. Buchanan, who had failed to win his party's nomination, called for ...': a
    finite verb after the comma that closes a relative clause is the main verb of the
    clause's antecedent, though the parser hangs it on the last noun of the clause."""
    if verb.tag_ not in _FINITE_TAGS or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    relcl = next((a for a in verb.ancestors if a.dep_ == "relcl"), None)
    if relcl is None or relcl.head.i > relcl.i:
        return None
    who = next((c for c in relcl.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if who is None or who.tag_ not in ("WP", "WDT"):
        return None
    found = subject_of(relcl)
    return found if found is not None and is_speaker_like(found) else None


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def _document_author(noun: Token) -> Token | None:
    """'Andanar released a statement saying ...': a document with no voice of its own,
    put out by the verb's subject, says what that subject says."""
    if is_speaker_like(noun) or noun.dep_ != "dobj":
        return None
    subj = subject_of(noun.head)
    return subj if subj is not None and is_speaker_like(subj) else None


def _climbs(cur: Token, preps: frozenset[str]) -> bool:
    if cur.dep_ not in CLIMB_DEPS or cur.head.i == cur.i:
        return False
    # "gain traction by advocating ...": a means, not a report
    return cur.dep_ != "prep" or cur.lower_ in preps


def _passes_over(subj: Token, cur: Token, head: Token) -> bool:
    """'X acknowledged that the controls caused delays and said ...': the parser hung
    "said" on the reported verb; it belongs to X's verb, further up."""
    return not is_speaker_like(subj) and _misattached_conj(cur, head)


def _misattached_conj(cur: Token, head: Token) -> bool:
    """A verb conjoined to the content clause of another verb with a subject of its own."""
    return cur.dep_ == "conj" and head.dep_ == "ccomp" and subject_of(head.head) is not None


def is_negated(tok: Token) -> bool:
    """'did not say', 'refused to reveal', 'if MPs reject': no claim is made."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
        return True
    return tok.dep_ == "xcomp" and tok.head.lower_ in NEG_HEADS


def phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase of a speaker head without relative clauses and trailing commas."""
    # Relative clauses ("Doctors Without Borders, which sent ...", at any depth) and the
    # head's own clausal modifiers after it are not part of the name; a determiner's are
    # all it says ("those surveyed").
    own_acl = head.tag_ != "DT"
    drop = {
        t.i
        for tok in head.subtree
        for child in tok.children
        if child.i > head.i
        and (child.dep_ == "relcl" or (own_acl and tok == head and child.dep_ == "acl"))
        for t in child.subtree
    }
    return _strip_edges([t for t in head.subtree if t.i not in drop])


def _strip_edges(toks: list[Token]) -> list[Token]:
    """Without punctuation or white space at either end."""
    start, end = 0, len(toks)
    while end > start and (toks[end - 1].is_punct or toks[end - 1].is_space):
        end -= 1
    # A fronted "when" the parser put in a misread subject ("when Mr. X, who ...") too.
    while start < end and (
        toks[start].is_punct or toks[start].is_space or toks[start].tag_ == "WRB"
    ):
        start += 1
    return toks[start:end]


# ---------------------------------------------------------------------- a cue's speaker
NO_SPEAKER: tuple[None, Resolution] = (None, "cue_subject")


def speaker_for(tok: Token, cues: CueLexicon) -> tuple[Token | None, Resolution]:
    """The head of the phrase that says what cue ``tok`` reports, and how it was found:
    the cue's subject, the agent of a passive cue, or the subject a participle inherits."""
    if _requested_of_another(tok):
        return NO_SPEAKER
    subj = subject_of(tok)
    if subj is not None and subj.dep_ == "nsubjpass" and subj.head.i == tok.i:
        return _passive_agent(tok)
    if subj is not None:
        return (subj, "cue_subject") if is_speaker_like(subj) else NO_SPEAKER
    return _participle_speaker(tok, cues)


def _passive_agent(tok: Token) -> tuple[Token | None, Resolution]:
    """'X was criticised by Y': the one spoken of is no speaker; the agent is."""
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if pobj is not None and is_speaker_like(pobj):
        return pobj, "cue_subject"
    return NO_SPEAKER


def _participle_speaker(tok: Token, cues: CueLexicon) -> tuple[Token | None, Resolution]:
    own = cue_for(tok, cues)
    says = own is not None and own.content != "object"
    inh = inherited_subject(tok, speech=says and tok.tag_ == "VBG")
    if inh is None:
        return NO_SPEAKER
    verb = inh.head
    outer = cue_for(verb.head, cues) if verb.dep_ == "ccomp" else None
    if outer is None or verb.i >= tok.i:
        return inh, "participle"
    # The participle hangs on a verb inside what someone else reported ("X said Warsaw
    # would seek an exemption, citing ..."): a reason given ("citing", "describing") is
    # part of that report; a new statement ("adding", "saying") is the reporter's.
    if not says:
        return NO_SPEAKER
    reporter = subject_of(verb.head)
    if reporter is None or not is_speaker_like(reporter):
        return NO_SPEAKER
    return reporter, "participle"


def _requested_of_another(tok: Token) -> bool:
    """'Cyprus asked the EU to declare ...', 'urged ministers to reject ...': the cue is
    what someone was asked to say, by another subject, and nobody has said it yet."""
    if tok.dep_ != "xcomp" or tok.tag_ != "VB":
        return False
    head = tok.head
    return any(c.dep_ in ("dobj", "dative") and c.i < tok.i for c in head.children)
