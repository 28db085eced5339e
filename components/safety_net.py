"""A deterministic safety net over the statistical intent classifier.

Messages about suicide or self-harm, emergencies happening now and urgent symptoms during treatment
must reach their answers (988, 911, "call your care team now") whatever DIET predicts. This
component runs last in the NLU pipeline and, when one of its patterns matches, sets the intent to
``report_self_harm``, ``report_emergency`` or ``report_urgent_symptom`` with confidence 1.0. The
categories are tried in that order: the self-harm answer also names 911, and an emergency outranks
an urgent symptom.

The text is normalised first (see :func:`normalise_text`): lower case, ASCII quotes, no accents,
contractions with or without their apostrophe, SMS shorthand ("wanna", "kiero", "xq"), stretched
letters ("diee", "morirmeee") and misspellings of "suicide" and "suicidio" (rapidfuzz). Each
category then masks its exceptions (phrases that look like a match but are not, such as "I don't
want to die" or "I fell and hurt myself") and searches its patterns.

Every category has English and Spanish patterns and exceptions, searched together, so Spanglish
("my mom no puede respirar") is matched too. The Spanish ones follow the English decisions; their
own judgement calls are listed above ``SELF_HARM_PATTERNS_ES``.

The patterns are deliberately narrow where a word is common in ordinary questions: an emergency or
urgent symptom is matched only when someone has it now ("my mom's eyes look yellow", "she is
having a seizure"), not when it is asked about ("is fever a side effect of chemo", "can seizures be
a symptom of brain metastases"). Self-harm leans the other way, because missing a crisis is the
worst failure: any mention of suicide counts, except "(physician-)assisted suicide", a legal
end-of-life question.

Decisions on borderline messages (each has a test):

* Self-harm: any other mention of suicide, general questions included ("what does suicide risk
  mean"); "I hurt myself" without an accident or sport; "how much morphine is an overdose" and
  "how many oxycodone would kill me" (opioids, sedatives and other pills with overdose or death
  framing). Not: "what is an overdose of vitamin D" and other supplements, "can you overdose on
  tylenol" (medication safety), "can I take all my pills at once" (no intention), "I can't do this
  anymore" without life or living, "I'm a burden" without "better off", "I'd rather die than do
  chemo again", "this treatment is killing me", "I want to die at home / with dignity".
* Emergency: "had a seizure" counts unless it is history ("as a child", "last year").
* Urgent: a report only, first or third person ("is fever a side effect of chemo" and "what
  if I get a fever" are not); a temperature counts from 100.4 F / 38 C; confusion about something
  ("confused about my options") is not delirium; "my back is killing me" is pain, urgent only if
  new or sudden.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

# ----------------------------------------------------------------------------------------------
# Building blocks (the text is already normalised: lower case, "don't", "can't", "i'm", ...)
# ----------------------------------------------------------------------------------------------

SELF = r"(?:my ?self|her ?self|him ?self|them ?selves|them ?self|our ?selves)"
LIFE = r"(?:my|her|his|their) (?:own )?life"
# "the rest of the sentence is over": a full stop, or a word that starts a new clause.
END = (
    r"(?=\s*(?:$|[.,!?;:)]|\b(?:and|but|so|if|because|cause|since|anymore|any more|any longer"
    r"|without|when|or|though|lol|please|i|i'm|i've|honestly|really|today|tonight)\b))"
)
# What a person does on purpose: "want to", "going to", "thinking about", "tempted to", ...
INTENT_TO = (
    r"(?:want(?:s|ed)? to|wanting to|going to|plan(?:s|ned)? to|planning (?:to|on)|"
    r"thinking (?:about|of)|think(?:s)? about|thought about|ready to|about to|decided to|"
    r"tempted to|urge to|feel like|felt like|tried to|try to|trying to|attempt(?:ed)? to|"
    r"will|i'll|she'll|he'll|might|could just|should just|considering|consider)"
)
# A stronger intention, for taking pills: "i will take all my pills" is how a day's doses are taken.
PLAN_TO = (
    r"(?:want(?:s|ed)? to|wanting to|going to|plan(?:s|ned)? to|planning (?:to|on)|"
    r"thinking (?:about|of)|think(?:s)? about|thought about|ready to|about to|decided to|"
    r"tempted to|urge to|feel like|felt like|tried to|attempt(?:ed)? to|could just|should just)"
)
NOT_SUPPLEMENT = (
    r"(?![^.?!]*\b(?:vitamins?|supplements?|calcium|iron|magnesium|zinc|biotin|fish oil|melatonin|"
    r"water|caffeine|coffee|sugar|salt|radiation|chemo|sun)\b)"
)
PILLS = (
    r"(?:pills?|tablets?|meds|medications?|medicines?|capsules?|painkillers?|pain ?killers?|"
    r"pain (?:pills|meds|medications?|medicines?)|sleeping (?:pills|tablets|meds)|sleep meds|"
    r"opioids?|opiates?|narcotics?|oxy\w*|percocets?|vicodin|norco|hydrocodone|hydromorphone|"
    r"dilaudid|morphine|fentanyl|methadone|tramadol|codeine|xanax|alprazolam|ativan|lorazepam|"
    r"valium|diazepam|klonopin|clonazepam|ambien|zolpidem|benzos?|benzodiazepines?|tylenol|"
    r"acetaminophen|paracetamol|insulin|antidepressants?|gabapentin|heroin)"
)
RELATIVE = (
    r"(?:mom|mum|mother|mama|mommy|dad|father|papa|daddy|wife|husband|hubby|partner|spouse|"
    r"sister|brother|daughter|son|aunt|auntie|uncle|grandma|grandmother|granny|nana|grandpa|"
    r"grandfather|friend|girlfriend|boyfriend|fiance|fiancee|patient|neighbou?r|"
    r"mother-in-law|father-in-law|loved one|kid|child)"
)
# Someone who has the symptom: "i", "she", "my (80 year old) mom", "dad", ...
WHO = (
    r"\b(?:i|she|he|they|we|(?:my|our|her|his|their) (?:[a-z0-9'-]+ ){0,3}?"
    + RELATIVE
    + r"|"
    + RELATIVE
    + r")(?:'s|'re|'m|'ve|'d)?"
)
# Between the person and the symptom: "has been", "just", "started", "keeps", "is suddenly", ...
AUX = (
    r"(?: (?:is|are|am|was|were|has|have|had|been|keeps?|kept|started|starting|starts|began|"
    r"begun|just|suddenly|also|still|now|again|constantly|repeatedly|seems|seem|to|be|being|"
    r"getting|got|keep on|all of a sudden|literally|really|randomly|actually|think|thinks|"
    r"might|may|could|must|it|like|now))*"
)
# Whose body part it is: "my", "her", "mom's", "my husband's".
WHOSE = r"\b(?:my|her|his|their|our|(?:my |our )?" + RELATIVE + r"'s)"
WEAK = r"(?:weak|weakness|numb|numbness|paralyzed|paralysed|limp|dead)"
LIMB = (
    r"(?:one side|left side|right side|(?:my|her|his|one|the) (?:left |right )?(?:arm|leg|hand"
    r"|foot|side|face))"
)
SUDDEN = (
    r"(?:sudden(?:ly)?|all of a sudden|out of nowhere|just now|out of the blue|without warning)"
)
SEVERE = (
    r"(?:severe|terrible|horrible|horrendous|excruciating|unbearable|intense|awful|sharp|worst|"
    r"extreme|agonizing|agonising|crippling|stabbing|really bad|very bad|so bad|bad)"
)
# "...and never wake up", but not "never wake up at 3 am / rested".
WAKE_NOT_EARLY = (
    r"(?! (?:at|early|in the night|during|rested|refreshed|every|with|until|till|tired|feeling)"
    r"|\s*(?:at )?\d)"
)
# How the person speaks of a symptom they have: "i have", "she's got", "he is running", ...
HAS = WHO + AUX + r" (?:have|has|had|got|getting|having|developed|running|run|ran|spiking|spiked)"

SELF_HARM_PATTERNS: tuple[str, ...] = (
    # Suicide by name (misspellings and "sewerslide" are corrected by normalise_text).
    r"\bsuicid",
    r"\bun-?aliv(?:e|ed|ing)\b",
    # "kms" (kill myself) standing alone or after "to", "i", "just", ...: not "ran 5 kms".
    r"(?:^|\b(?:to|i|i'm|just|gonna|might|will|should|could|literally|actually|about to|"
    r"ima|finna|wanna)\s)kms\b(?!\s*(?:away|from|per|a day|today|run|walk|each|every))",
    r"\bself[- ]?(?:harm|delet|destruct|injur|mutilat)",
    r"\b(?:having|have|had|get|getting|been having) (?:some |these |a lot of |such )?(?:really |"
    r"very )?dark thoughts\b",
    r"\bfeel(?:s|ing)? like (?:dying|ending it|ending my life|killing myself|giving up on life)"
    + END,
    # Looking for a way.
    r"\b(?:easiest|quickest|fastest|best|painless|surest|least painful|simplest|quiet|quietest)"
    r" (?:way|ways|method|methods) (?:to|of) (?:die|dying|end (?:my|her|his) life|end it|kill "
    + SELF
    + r"|commit)\b(?! (?:at|in|with|peacefully|comfortably|naturally|surrounded))",
    r"\bhow (?:do i|to|can i|could i|would i|should i|does one|do people) (?:kill "
    + SELF
    + r"|end "
    r"(?:my|her|his) (?:own )?life|end it all|commit suicide|overdose\b(?! by accident))",
    # Killing or hurting oneself (injuries from falls or sport are masked as exceptions).
    r"\b(?:kill|killing|killed|hurt|hurting|harm|harming|harmed|cut|cutting|burn|burning|off|"
    r"offing|hang|hanging|shoot|shooting|drown|drowning|stab|stabbing|suffocate|suffocating|"
    r"strangle|electrocute|overdose|od) " + SELF + r"\b"
    # Not "cut myself off / some slack", "burn myself out", "drown myself in work", "shoot myself
    # with the lovenox" (injections given at home), "killing myself laughing".
    r"(?! (?:off|out|short|loose|free|some slack|a break|laughing|trying|to (?:keep|get|make|"
    r"finish)|working|at work|over (?:work|this)|in (?:work|coffee|chocolate|"
    r"tv|books)|(?:up )?with (?:the |a |my )?(?:needle|shot|injection|pen|syringe|lovenox|"
    r"insulin|heparin|neupogen|neulasta|zarxio|fragmin|xgeva|prolia)|in the (?:stomach|belly|"
    r"thigh|tummy|arm)))",
    r"\bthrow(?:ing)? " + SELF + r" (?:off|in front of|under)\b",
    r"\b(?:slit|slash|cut)(?:ting)? (?:my|her|his) (?:wrists?|throat)\b",
    r"\bjump(?:ing)? (?:off|from) (?:a|the|my|our) (?:bridge|building|roof|balcony|cliff|"
    r"overpass|window|parking garage)\b",
    r"\b(?:jump|step|walk|throw "
    + SELF
    + r")(?:ing)? in front of (?:a|the) (?:train|bus|car|truck)",
    r"\bput " + SELF + r" out of (?:my|her|his|their) misery\b",
    # Ending one's life.
    r"\bend(?:ing|ed)? " + LIFE + r"\b",
    r"\btak(?:e|ing|en) (?:my|her|his|their) own life\b",
    r"\b" + INTENT_TO + r" tak(?:e|ing) " + LIFE + r"\b",
    r"\bend(?:ing)? it all\b",
    r"\bend it (?:tonight|today|now|soon|for good)\b",
    r"\b" + INTENT_TO + r" end(?:ing)? (?:it|things|everything)" + END,
    r"\bend (?:my|her|his|this|the) (?:own )?(?:suffering|pain|misery) (?:myself|herself|himself|"
    r"on (?:my|her|his) own|by (?:myself|herself|himself))\b",
    r"\bputt?(?:ing)? an end to (?:it all|my life|myself|everything)\b",
    # Wanting it all to stop: "i just want everything to end", "he wants it all to be over".
    r"\bwant(?:s|ed|ing)? (?:it all|everything|all of (?:it|this)|all this|this all|my life|"
    r"her life|his life|the world) to (?:just )?(?:stop|end|be over)\b"
    r"(?! (?:being|revolving|feeling|hurting))",
    r"\bwant(?:s|ed|ing)? it (?:all )?to (?:just )?(?:end|be over)" + END,
    r"\bwant(?:s|ed|ing)? (?:it all|everything) (?:over|over with|gone|to go away)\b",
    # Wanting to die: "I don't want to die" and "want to die at home" are exceptions (masked).
    r"\bwant(?:s|ed|ing)? (?:to )?(?:die|be dead)\b"
    r"(?! (?:at|in|with|peacefully|comfortably|naturally|of|surrounded|old|without|on my))",
    r"\b(?:would|'d) (?:rather|sooner) (?:be dead|die\b(?! than)|not be (?:alive|here))",
    r"\bbetter off dead\b",
    r"\bmight as well (?:be dead|die\b)",
    r"\bshould (?:just )?(?:die|be dead)\b",
    r"\bwish(?:es|ed)? (?:that )?(?:i|she|he) (?:was|were|'d be|would be|could be) "
    r"(?:dead|gone|not here|never born)\b",
    r"\bwish(?:es|ed)? (?:that )?(?:i|she|he) (?:could|would|'d|might) (?:just )?(?:die|"
    r"not exist|stop existing|cease to exist|go to sleep forever|sleep forever|fall asleep forever)"
    r"\b(?! (?:at|in|with|peacefully|comfortably|naturally|of|surrounded|old|before|without))",
    r"\bwish(?:es|ed)? (?:that )?(?:i|she|he) (?:wasn't|weren't|was not|were not) (?:here|alive"
    r"|born)",
    r"\bwish(?:es|ed)? (?:that )?(?:i|she|he)(?: had|'d) never been born\b",
    r"\bwish\w*\b[^.!?]{0,40}\b(?:would|will|could) (?:just )?kill me\b",
    r"\bwish\w*\b[^.!?]{0,20}\b(?:god|the lord|death) (?:would|will|could) (?:just )?take me\b",
    r"\bpray(?:s|ed|ing)? (?:that )?(?:god|the lord|he) (?:will |would |to )?(?:just )?takes? me\b",
    r"\bwant(?:s)? (?:someone|something|it|this|cancer|the cancer) to (?:just )?kill (?:me|her"
    r"|him)\b",
    # Not wanting to live; no point, no reason, can't go on.
    r"\b(?:don't|doesn't|didn't|not|never) (?:\w+ )?want(?:ing)? to (?:live|be alive|exist|go on|"
    r"keep going|carry on|keep living|be here)"
    r"(?: anymore| any more| any longer| like this| this way| in (?:this|constant|such)? ?"
    r"(?:pain|agony|misery)| with (?:this|the) (?:pain|cancer|disease)| another day)?" + END,
    r"\b(?:don't|doesn't|not) want(?:ing)? to (?:be here|be around|exist|wake up)(?: anymore"
    r"| any more| any longer| tomorrow| again| ever again)\b",
    r"\b(?:don't|doesn't|not) want(?:ing)? to wake up" + END,
    r"\b(?:not sure|don't know|unsure|wonder(?:ing)?) (?:if|whether) (?:i|she|he) (?:still )?"
    r"(?:want|wants|can|should) (?:to )?(?:live|go on|keep going|keep living|be alive|be here)\b",
    r"\bno (?:reason|point|will|desire|purpose) (?:left )?(?:to|in|for) (?:live|living|be alive|"
    r"being alive|stay alive|staying alive|keep living|keep on living|exist|existing)\b",
    r"\bno (?:reason|point) (?:left )?(?:to|in) (?:go on|going on|carry on|carrying on|keep going|"
    r"keeping going|keep fighting|fight|fighting|try|trying|get up|getting up|wake up|waking up|"
    r"be here|being here)" + END,
    r"\b(?:there's|there is|is) no point (?:anymore|any more|any longer|in anything|to anything|"
    r"in any of (?:this|it))\b",
    r"\bno point (?:in )?(?:going on|living|being alive)\b",
    r"\bwhat's the point (?:anymore|any more|of (?:living|life|going on|carrying on|being alive|"
    r"being here|anything|it all|any of (?:this|it)|waking up|getting up|even living"
    r"|trying anymore|fighting anymore)|in (?:living|going on|carrying on|anything|being alive))\b",
    r"\b(?:don't|doesn't|can't|cannot|no longer) see (?:the |any |a )?(?:point|reason)"
    r"(?: (?:anymore|any more|any longer|in (?:living|life|going on|carrying on|anything|"
    r"trying|fighting|being alive|being here|waking up)|of (?:living|life|going on|anything|"
    r"it all|any of (?:this|it)|being alive|trying|fighting)|to (?:live|go on|keep going|"
    r"carry on|be alive|be here|wake up|keep living))|(?=\W*$))",
    r"\bnothing (?:left )?to live for\b",
    r"\b(?:lost|losing|lose|no|don't have (?:the|any)|doesn't have (?:the|any)) (?:my |her "
    r"|his |the |all |any )?(?:will|reason|desire) to live\b",
    r"\b(?:life|living|it) (?:isn't|is not|is no longer|not|no longer) worth living\b",
    r"\b(?:can't|cannot|couldn't) (?:go on|keep going|carry on|keep living|keep fighting|"
    r"live like this|do life|do this life)(?: like this| anymore| any more| any longer| living| "
    r"with (?:life|living|this life))?" + END,
    r"\b(?:can't|cannot) (?:do|take|handle|stand) (?:life|living|being alive|existing)\b",
    # "I can't do this anymore" counts only with life or living in the same message.
    r"\b(?:can't|cannot) (?:do|take|handle) (?:this|it)(?: \w+)? (?:anymore|any more|any longer)\b"
    r".*\b(?:life|living|alive|exist|existing|be here|go on|keep going|carry on|the point)\b",
    r"\b(?:life|living|alive|exist|existing|be here|go on|keep going|carry on|the point)\b.*"
    r"\b(?:can't|cannot) (?:do|take|handle) (?:this|it)(?: \w+)? (?:anymore|any more|any longer)\b",
    r"\b(?:done|finished) (?:with )?(?:living|life|being alive|existing)\b",
    r"\b(?:tired|sick|exhausted|weary) (?:of|from) (?:living|life|being alive|existing|it all|"
    r"waking up)\b(?! with| in| on| out| through| paycheck)",
    r"\b(?:tired|sick|exhausted|weary) (?:of|from) (?:fighting|trying|the fight|struggling)"
    r"(?: (?:this|it|cancer|this cancer|this disease|for my life|so hard|every day|all the time))?"
    + END,
    r"\bgiv(?:e|es|ing|en)(?: up)? up on (?:life|living|myself|herself|himself|everything|"
    r"being alive|the will to live)\b",
    r"\bgave up on (?:life|living|myself|herself|himself|everything|being alive)\b",
    # Going to sleep and not waking up, wished for (not feared).
    r"\b(?:wish|want|wanna|hope|hoping|pray|praying|would like)\w*\b[^.!?]{0,40}\b(?:sleep"
    r"|asleep)\b[^.!?]{0,20}\b(?:not|never|don't|won't) (?:to )?wake(?: up)?\b" + WAKE_NOT_EARLY,
    r"\b(?:wish|hope|hoping|pray|praying)\w* (?:that )?(?:i|she|he) (?:wouldn't|won't|don't|didn't|"
    r"would not|will not|never|couldn't|doesn't) wake up\b" + WAKE_NOT_EARLY,
    r"\b(?:wish|want|hope)\w* (?:to |i could )?(?:just )?(?:sleep|go to sleep"
    r"|fall asleep) forever\b",
    r"\bwant(?:s)? to (?:just )?disappear(?: forever| for good| and never)?" + END,
    r"\bwish (?:i|she|he) could (?:just )?disappear(?: forever| for good| and never)?" + END,
    r"\bwant(?:s|ed|ing)? (?:it|this) (?:all )?to (?:just )?(?:end|be over)" + END,
    r"\bwant\w*\b[^.!?]{0,30}\bto (?:stop|end) (?:forever|for good|permanently)\b",
    r"\bwant(?:s|ed|ing)? to (?:stop|quit) (?:existing|living|being alive|breathing)\b",
    r"\b(?:had|have had|'ve had|has had) enough of (?:life|living|being alive|this life)\b",
    r"\b(?:no ?one|nobody) (?:would|will|'d|is going to|is gonna) (?:even )?(?:miss|notice|care "
    r"if) (?:me|i'm gone|i was gone|i died)\b",
    r"\b(?:life|living|my life|existing|being alive) (?:is|feels|seems|has become) (?:so |just |"
    r"completely |totally )?(?:pointless|meaningless|not worth it|not worth living)\b",
    # Everyone better off without me; being a burden, and better off.
    r"\bbetter off without me\b",
    r"\b(?:better|happier|easier)(?: off)? (?:if|when) (?:i|i'm|i was|i were) (?:dead|gone"
    r"|not here|wasn't here|weren't here|not around|wasn't around)\b",
    r"\b(?:say|said|says|saying|think|thinks|feel|feels|believes?|told|keeps)\b[^.!?]{0,40}\b"
    r"better off without (?:her|him|them)\b",
    r"\bburden\b.*\bbetter off\b",
    r"\bbetter off\b.*\bburden\b",
    # Pills: a plan, a stockpile, an overdose taken, a question about a lethal amount.
    r"\b" + INTENT_TO + r" (?:overdos(?:e|ing)|od|o\.d\.)\b",
    r"\b" + PLAN_TO + r" (?:take|taking|swallow|swallowing|down|downing) (?:an overdose|"
    r"(?:all|every one|every single one|the rest|a handful|handfuls|a bunch|a lot|too many|way too"
    r" many|a whole bottle|the whole bottle|a bottle|a box|the whole box|the whole pack)"
    r"(?: of)?(?: my| her| his| the| these| those| them)?(?: \w+)?(?: " + PILLS + r")?)"
    r"(?! (?:in the morning|at night|at bedtime|before bed|with (?:food|breakfast|lunch|dinner|"
    r"a meal|water|milk)|at the same time|together|on time|as prescribed|every|each|daily|twice|"
    r"once a day))",
    r"\b(?:i|she|he|they|we|" + RELATIVE + r")(?: just| may have| might have| think| think i| has"
    r"| have|'ve)? (?:overdosed|od'd|od'ed|took an overdose|taken an overdose)\b",
    r"(?:^|[.!?;]\s*)(?![^.!?;]*\b(?:accident\w*|by mistake|mistakenly|forgot|forgetting)\b)"
    r"[^.!?;]*\b(?:took|swallowed|taken|downed) (?:a handful|a bunch|(?:way )?too many|a whole "
    r"bottle|the whole bottle|a bottle)(?: of)?(?: my| her| his| the| these| those)?"
    r"(?: \w+)? " + PILLS + r"\b",
    r"\b(?:took|swallowed|taken|downed) all (?:of )?(?:my|her|his|the|these|those) (?:\w+ )?"
    + PILLS
    + r" (?:at once|in one go|all at once|at one time|to (?:die|end it|kill|not wake up))",
    r"\bswallow\w* (?:the |a )?(?:whole |entire )?(?:bottle|pack|box|container|handful)\b",
    r"\b(?:took|swallowed|downed|taken) (?:the |a )?(?:whole |entire )?bottle(?: of (?:my |her |"
    r"his )?(?:\w+ )?" + PILLS + r")?\b(?! of)",
    r"\b(?:stockpil|stock pil|hoard|stash|sav(?:e|ed|ing) up|squirrel\w* away)\w* (?:up |away )?"
    r"(?:(?:my|her|his|all|some|extra|enough|of) )*(?:\w+ )?" + PILLS + r"\b",
    PILLS + r" (?:saved|stashed|stockpiled|hoarded|squirreled away|put away)(?: up| away)?\b"
    r"(?! for (?:my|the|a|her|his) (?:trip|vacation|holiday))",
    r"\bsav(?:e|ed|ing) (?:my|her|his) (?:\w+ )?" + PILLS + r" (?:for (?:the end|the right (?:time|"
    r"moment)|when (?:it's|the) time|when the time comes|one day)|so (?:i|she|he) can|to (?:end|"
    r"die|take them all))\b",
    r"\benough\b[^.?!]{0,40}?\bto (?:kill(?! a horse| an elephant)|die|end (?:it|my life|things|"
    r"everything)|overdose|od|not wake up|never wake up)\b",
    r"\bhow (?:much|many)\b" + NOT_SUPPLEMENT + r"[^.?!]{0,50}?\b(?:overdos\w*|od)\b",
    r"\bhow (?:much|many)\b" + NOT_SUPPLEMENT + r"[^.?!]{0,50}?\b(?:" + PILLS + r"|mg|milligrams?|"
    r"mcg|doses?|units|of (?:my|her|his|these|those|them|it))\b[^.?!]{0,40}?\b(?:kill|die|lethal|"
    r"fatal|deadly|end (?:my|her|his) life|stop (?:my|her|his) heart|not wake up|never wake up)\b",
    r"\bhow (?:much|many)\b[^.?!]{0,50}?\b(?:would|will|could|does it take to|to|it takes to|"
    r"needed to|do i need to|before it|would it take to) (?:kill (?:me|myself|her|him|someone|a "
    r"person)|end my life)\b",
    r"\b(?:lethal|fatal|deadly|killing) (?:dose|amount|quantity|number|overdose)s?\b"
    + NOT_SUPPLEMENT,
    r"\b(?:overdos\w*|od) on\b[^.!?]{0,30}\bto (?:end it|end it all|die|end my life|kill myself|"
    r"not wake up|never wake up)\b",
    r"\bwant(?:s)? to dye(?=\W*$)",
    r"\bld ?50\b",
    r"\bwhat(?:'s| is| would be| are) (?:an |the )?(?:overdose|od)\b[^.?!]{0,20}\b(?:of|on|for)\b"
    r"[^.?!]{0,20}\b" + PILLS + r"\b",
    r"\b(?:would|will|could|can|does|do)\b[^.?!]{0,20}\b(?:too much|too many|all|the whole|"
    r"a bottle|a handful|enough|\d+)\b[^.?!]{0,20}\b" + PILLS + r"\b[^.?!]{0,10}\b(?:kill|be "
    r"fatal|be lethal|be deadly)\b",
    r"\b(?:too much|too many|all|the whole|a bottle|a handful|\d+)\b[^.?!]{0,20}\b"
    + PILLS
    + r"\b[^.?!]{0,30}\b(?:would|will|could|enough to|it)\b (?:\w+ )?(?:kill (?:me|myself|her|"
    r"him|you|someone|a person)|be (?:fatal|lethal|deadly)|die)\b",
    r"\b(?:would|will|could|can|do) (?:i|she|he|you|someone|a person) die if (?:i|she|he|you|"
    r"someone|they) (?:took|take|swallowed|swallow|had) (?:all|too many|too much|the whole|a bottle"
    r"|a handful|\d+)",
    # Warning signs said indirectly: nothing has a point any more, wanting out, saying goodbye.
    r"\bno point (?:in|to) (?:anything|any of (?:it|this)|it all|life|carrying on|going on)\b",
    r"\b(?:i|she|he) (?:just |really )?wants? out\W*$",
    r"\bsorry for everything\b",
    r"\b(?:texted|text|wrote|sent|messaged|emailed|called) (?:me |us |everyone )?(?:to say )?"
    r"goodbye\b",
    # Cutting or burning oneself again, described by the body part.
    r"\b(?:cut|cutting|slit|slitting|slash|slashing) (?:my|her|his) (?:own )?wrists?\b",
    r"\b(?:cutting|burning|scratching) (?:my|her|his) (?:arms|legs|thighs|skin|stomach)\b",
    r"\b(?:started|been|keep|kept|back to|go back to|went back to) (?:cutting|burning) "
    r"(?:my|her|his|again)\b",
    # Thinking through a way to die: "how easy it would be to turn the wheel", driving off a bridge.
    r"\bhow easy it (?:would|'d) be to (?:just )?(?:end|turn|drive|jump|step|swallow|take|let go|"
    r"stop|not wake|disappear|crash|go|do it|walk)",
    r"\b(?:drive|driving|drove|steer|steering|swerve|swerving|turn the wheel)\b[^.!?]{0,40}\b"
    r"(?:off|into) (?:the |a )?(?:bridge|wall|tree|river|oncoming|traffic|cliff|edge)",
    r"\b(?:jump|jumping) (?:off|from) (?:the |a |my )?(?:bridge|roof|balcony|building|cliff)\b",
    # Putting affairs in order: giving away what one treasures, farewell letters.
    r"\b(?:gave|giving|give|given) (?:away )?(?:all )?(?:my|her|his) (?:things|stuff|belongings|"
    r"possessions|rings?|jewell?ery|necklace|watch|treasures|favorite things) (?:away|to)\b",
    r"\b(?:gave|giving|given) away (?:all )?(?:my|her|his) (?:things|stuff|belongings|possessions|"
    r"rings?|jewell?ery)\b",
    r"\b(?:wrote|written|writing|write) (?:a )?(?:goodbye |farewell |last )?letters? to "
    r"(?:each of )?(?:my|her|his) (?:kids|children|family|husband|wife|daughters?|sons?)\b"
    r"[^.!?]{0,60}"
    r"(?:goodbye|gave|giving|sorry|after i'?m gone|when i'?m gone|rings?|belongings)",
    r"\b(?:goodbye|farewell) letters?\b",
)

SELF_HARM_EXCEPTIONS: tuple[str, ...] = (
    # An explicit denial: "I'm not suicidal, just sad" (other patterns still see a wish to die).
    r"\b(?:i'm|i am|im|she's|he's|she is|he is)\s+(?:not|never been)\s+suicidal\b",
    # Fear of dying, not a wish: "I don't want to die", "she really doesn't want to die yet".
    r"\b(?:don't|doesn't|didn't|not|never|no one|nobody|won't|am not|isn't)\s+(?:\w+\s+){0,2}?"
    r"want(?:s|ed|ing)?\s+to\s+die\b",
    # Legal end-of-life care, asked about by name.
    r"\b(?:(?:physician|doctor|medically|medical)[- ]?)?assisted[- ](?:suicide|dying)\b",
    # Accidents and sport: "I fell and hurt myself", "hurt myself at the gym / lifting boxes".
    r"\b(?:fell|fall|falling|slipped|tripped|trip|crashed|stumbled|accident\w*|by mistake)\b"
    r"[^.!?]{0,40}?\b(?:hurt|hurting|injured|cut|burned|burnt|bruised|harmed) " + SELF + r"\b",
    r"\b(?:hurt|hurting|injured|cut|cutting|burned|burnt|burning|bruised) "
    + SELF
    + r"(?: (?:again|badly|a bit|a little|pretty bad|today|yesterday|last week))?"
    r" (?:at (?:the )?(?:gym|work|pool|park|game|practice|class)|while|when|lifting|doing|playing|"
    r"moving|exercising|gardening|running|jogging|hiking|skiing|biking|cycling|swimming|dancing|"
    r"working out|cooking|shaving|chopping|slicing|carrying|picking|falling|tripping|slipping|"
    r"during|on (?:the|a|my) (?:stairs|treadmill|bike|ice|trail|stove|oven)|in (?:a|the|my) "
    r"(?:fall|accident|gym|kitchen|garden|yard|workout|class|car accident|crash)|"
    r"trying to (?:lift|move|carry|reach|open|get)|with (?:the|a) (?:knife|kettle|oven|iron|"
    r"weights|lawnmower))",
)

EMERGENCY_PATTERNS: tuple[str, ...] = (
    # Breathing.
    r"\b(?:can't|cannot|couldn't|unable to|can barely|could barely|struggling to) breathe\b",
    WHO + AUX + r" (?:having|has|have|got) (?:a lot of |real |serious |severe |bad |so much )?"
    r"(?:trouble|difficulty|a hard time|problems?) breathing\b",
    r"\b(?:can't|cannot|couldn't) catch (?:my|her|his|their) breath\b",
    r"\b(?:not|isn't|stopped|stop|wasn't|quit) breathing\b",
    r"\bgasping (?:for )?(?:air|breath)\b",
    WHO + AUX + r" gasping\b",
    r"\bchoking\b(?! up| back| on (?:my |her |his )?(?:words|tears|emotions?))",
    r"\b(?:lips|face|mouth) (?:(?:are|is|look|looks|looking|turning|turned|going|gone|went|"
    r"getting|have|has|started|just|suddenly|all|kind of|a bit) )*(?:blue|bluish|grey|gray|"
    r"purple)\b(?! (?:cross|shield|scrubs|shirt|dress|color|colour|lipstick))",
    r"\b(?:has|have|got|with|'s got) (?:blue|bluish|purple) (?:lips|fingers|fingertips|face)\b",
    # Seizures happening now ("can seizures be a symptom" is a question).
    r"\bhaving (?:a )?seizures?\b",
    r"\bhad a seizure\b(?! (?:\w+ ){0,3}?(?:last (?:year|month|week|spring|summer|fall|autumn|"
    r"winter)|years? ago|months? ago|weeks? ago|in \d{4}|as a (?:kid|child|baby)|when (?:i|she|he)"
    r" was|before))",
    r"\b(?:seizing|convulsing)\b",
    r"\b(?:having|in|'s in) (?:a )?convulsions?\b",
    # Consciousness.
    r"\b(?:passed out|fainted|collapsed|unconscious|unresponsive)\b",
    r"\b(?:won't|will not|can't|cannot|couldn't) wake (?:up|him|her|them|(?:my|her|his|our) "
    r"(?:\w+ )?\w+ up)\b",
    WHO + AUX + r" (?:turning|turned|going|gone|went) (?:blue|grey|gray|purple)\b",
    r"\b(?:isn't|is not|not|wasn't|stopped) responding\b",
    r"\b(?:won't|will not|doesn't|can't) respond\b(?! to (?:treatment|chemo|the (?:treatment|drug|"
    r"chemo|medication|therapy)|hormone|therapy|my emails?|my texts?|my messages?))",
    # Chest pain, heart attack and stroke.
    r"\b(?:severe|crushing|sudden|bad|terrible|sharp|horrible|intense|tight|squeezing) "
    r"(?:\w+ )?chest pain\b",
    r"\bchest pain (?:right )?now\b",
    WHO + AUX + r" (?:having|has|have|got|had|getting) (?:a |an |some )?(?:bad |severe |sharp |"
    r"crushing |terrible |sudden |really bad |awful )?chest pains?\b",
    r"\bpain in (?:my|her|his) chest\b",
    r"\bchest (?:is |feels )?(?:so )?(?:tight|crushing|heavy) and\b",
    WHO + r"(?: think| thinks| might| may| could)?(?: i'm| she's| he's| be| is| are| am)?"
    r"(?: (?:having|just had|is having)) (?:a )?(?:stroke|heart attack|cardiac arrest)\b",
    r"\bworst headache (?:of|in) (?:my|her|his|their) (?:life|lives)\b",
    # Stroke signs: a drooping face, slurred speech, sudden weakness or numbness on one side.
    WHOSE + r" (?:face|mouth|smile|lip|lips)(?: is| are| looks| look| has| seems| started| just|"
    r" suddenly| all of a sudden| kind of| on one side| on the (?:left|right)(?: side)?)*"
    r" (?:droop\w*|sagg\w*|lopsided|crooked|uneven|fallen)\b",
    r"\b(?:one|left|right) side of " + WHOSE + r" (?:face|mouth|body)(?: is| looks| has| seems|"
    r" started| just| suddenly| went| feels| gone| all of a sudden)*"
    r" (?:droop\w*|sagg\w*|numb|weak|limp|dead|paralyzed|paralysed|tingl\w*)\b",
    r"\b(?:has|have|got|'s got|with) (?:a )?(?:droopy|drooping|lopsided) (?:face|mouth|smile)\b",
    WHOSE + r" (?:speech|words|voice|talking) (?:(?:is|are|sounds?|seems?|got|became|suddenly|"
    r"just|all of a sudden|really|very|so|kind of|a bit) )*(?:slurr\w*|garbled|jumbled|mumbled)\b",
    WHO + AUX + r" (?:slurring|slurs|slurred)\b",
    HAS + r" (?:sudden |suddenly )?slurred speech\b",
    WHO
    + AUX
    + r" (?:can't|cannot|couldn't|unable to) (?:talk|speak|get (?:her|his|my|the) words out)"
    r"\b[^.!?]{0,30}\b" + SUDDEN,
    SUDDEN + r"\b[^.!?]{0,30}\b(?:can't|cannot|couldn't|unable to) (?:talk|speak|get (?:her|his|my"
    r"|the) words out)\b",
    SUDDEN + r"[^.!?]{0,40}\b" + WEAK + r"\b[^.!?]{0,40}\b" + LIMB + r"\b",
    SUDDEN + r"[^.!?]{0,40}\b" + LIMB + r"\b[^.!?]{0,30}\b" + WEAK + r"\b",
    WHOSE
    + r" (?:left |right )?(?:arm|leg|hand|foot|side|face)\b[^.!?]{0,30}\b"
    + WEAK
    + r"\b[^.!?]{0,20}\b"
    + SUDDEN,
    r"\b" + WEAK + r"\b[^.!?]{0,30}\b(?:on|down) "
    r"(?:one|the (?:left|right)|(?:my|her|his) (?:left|right)) side\b",
    WHOSE + r" (?:left |right )?(?:arm|leg|hand|foot|side)(?: is| has| just| suddenly| feels|"
    r" all of a sudden)* (?:went|gone|going|suddenly|just went)(?: completely)?"
    r" (?:numb|weak|limp|dead|paralyzed|paralysed)\b",
    r"\b(?:can't|cannot|couldn't|unable to) (?:move|feel|lift|use|raise) (?:my|her|his|their) "
    r"(?:left |right )?(?:arm|leg|hand|foot|side|face)\b[^.!?]{0,30}\b(?:" + SUDDEN + r"|anymore"
    r" since (?:this morning|today|an hour|tonight)|since (?:this morning|an hour ago|tonight))",
    SUDDEN + r"\b[^.!?]{0,30}\b(?:can't|cannot|couldn't|unable to) (?:(?:move|feel|lift|use|raise)"
    r" (?:my|her|his|their|one|the|either) (?:left |right )?(?:arm|leg|hand|foot|side|face|legs|"
    r"arms)|walk|stand(?: up)?)\b",
    r"\b(?:can't|cannot|couldn't|unable to) (?:move|feel|lift|use) (?:the )?(?:my|her|his|their"
    r"|one) (?:left |right |whole )?side(?: of (?:my|her|his|their) (?:body|face))?\b",
    # Legs that fail at once (spinal cord compression is an emergency in metastatic disease).
    r"\b(?:can't|cannot|couldn't|unable to) (?:move|feel|stand on|walk on) (?:my|her|his|their|"
    r"both) (?:legs|feet and legs)\b",
    r"\b(?:my|her|his) legs (?:(?:just|suddenly|have|has|all of a sudden) )*(?:gave out|"
    r"went (?:numb|dead|limp)|stopped working|won't move)\b",
    # Coughing or vomiting blood, now.
    WHO + AUX + r" (?:coughing|coughed|coughs?|vomiting|vomited|vomits?|throwing|threw|throws?|"
    r"spitting|spat|spits?|puking|puked|pukes?|bringing|brought)(?: up)?(?: some| a lot of| lots of"
    r"| bright red| dark| fresh| so much)? (?:blood|bloody|clots)\b",
    WHO + AUX + r" (?:coughing|vomiting|throwing up|puking|coughed|vomited|threw up)\b[^.!?]{0,30}"
    r"\b(?:there's|there is|with|and|it's|it is) (?:some |a lot of |bright red |so much )?"
    r"(?:blood|bloody)\b",
    r"\bblood (?:in|on) " + WHOSE + r" (?:vomit|sick|spit|phlegm|mucus|sputum)\b",
    WHOSE + r" (?:vomit|sick|spit|phlegm|mucus|sputum) (?:is |has |looks |has got )*(?:full of )?"
    r"(?:bloody|blood|red|like coffee grounds)\b",
    r"\b(?:vomit|vomiting|throwing up|threw up)\b[^.!?]{0,20}\blooks? like coffee grounds\b",
    # Bleeding that will not stop.
    r"\b(?:bleeding|blood(?! (?:pressure|sugar|tests?|work|counts?|levels?|thinners?|draws?|"
    r"results?|cancer|type|markers?)))\b[^.!?]{0,60}\b(?:won't|will not|doesn't|does not|"
    r"can't|cannot|isn't going to) stop\b",
    r"\b(?:won't|will not|doesn't|can't) stop bleeding\b",
    r"\b(?:bleeding (?:heavily|a lot|badly|profusely|so much|everywhere|nonstop|non-stop|"
    r"like crazy|through)|heavy bleeding|bleeding so much|so much blood|blood everywhere)\b",
    r"\b(?:blood (?:is |keeps )?(?:gushing|pouring|spurting|squirting)|(?:gushing|pouring|"
    r"spurting|squirting) (?:out )?blood)\b",
    r"\bsoak(?:ed|ing)? (?:through )?(?:a |one |my |her )?(?:pads?|towels?|bandages?|sheets?|"
    r"dressings?|gauze)\b[^.!?]{0,20}\b(?:every|an|in|hour|minutes)\b",
    WHO + AUX + r" (?:hemorrhag|haemorrhag)\w*",
    # Severe allergic reaction: throat or tongue swelling, anaphylaxis.
    r"\bthroat (?:(?:is|feels|feel|keeps|started|starting|seems|like it's|like its) )*"
    r"(?:closing|swelling|tightening|closing up|swelling up|swelling shut)\b",
    r"\b(?:tongue|lips|face|mouth|eyes) (?:(?:is|are|started|starting|keeps|suddenly) )*"
    r"(?:swelling up|swelling shut|blowing up|ballooning)\b",
    WHOSE + r" (?:tongue|lips|throat) (?:(?:is|are|started|starting|keeps|suddenly) )*swelling\b",
    r"\b(?:having|going into|went into|in|having an|'s having) (?:an? )?(?:severe |bad |serious |"
    r"major |)?(?:allergic|anaphylactic) (?:reaction|shock)\b",
    WHO + AUX + r" (?:having|in|going into|went into) (?:an? )?anaphyla\w+",
    r"\b(?:used|had to use|gave (?:her|him)) (?:my|her|his|the|an) epi-?pen\b",
    # Asking for help right now.
    r"\b(?:call|need|get|send) (?:an |the )?ambulance\b",
    r"\bcall(?:ing)? 911\b",
    r"^\s*(?:this is an )?emergency\W*$",
    # Blood brought up, in other words; swelling of the face or throat (an allergic reaction).
    r"\b(?:throwing|threw|throws|puking|puked|spitting|spat|bringing) up blood\b",
    r"\b(?:lips?|tongue|throat|face)\b[^.!?]{0,30}\b(?:(?:is|are) )?(?:swelling|swollen|swelled|"
    r"closing)\b(?! (?:for|since) (?:days|weeks|months))",
)

# A general question about a symptom ("is coughing up blood a sign of lung mets?") is not an
# emergency: a sentence that starts like a question, asks about signs, symptoms, side effects or
# causes, and says nothing of a person who has it.
PERSON = (
    r"\b(?:i|i'm|i've|i'd|me|my|mine|she|she's|her|he|he's|him|his|they|they're|them|their|we|"
    r"we're|us|our|" + RELATIVE + r")\b"
)
GENERAL_QUESTION = (
    r"(?:^|(?<=[.!?\n]))\s*(?:is|are|can|could|does|do|what|what's|which|how|why|should|when|will"
    r"|would|was|were|any|tell me)\b(?![^.!?\n]*" + PERSON + r")(?=[^.!?\n]*\b(?:signs?|symptoms?|"
    r"side[- ]effects?|cause|causes|caused|causing|mean|means|normal|common|risks?|considered|"
    r"definition|define|happen|happens|treated|treat|prevent|warning|indicate|related|linked|"
    r"associated|expected|dangerous|serious)\b)[^.!?\n]*"
)
# "if she has a seizure", "what if i get a fever", "call if you develop chills": not now.
CONDITIONAL = (
    r"\b(?:if|in case|whenever|when|once|unless|should)\s+(?:i|she|he|they|you|we|someone|a person|"
    r"my\s+\w+|" + RELATIVE + r")\s+(?:ever\s+)?(?:get|gets|got|have|has|had|develop|develops|"
    r"run|runs|start|starts|notice|notices|see|sees|experience|experiences|becomes?|turns?|goes|go|"
    r"spikes?)\b[^.!?,;]*"
)

EMERGENCY_EXCEPTIONS: tuple[str, ...] = (GENERAL_QUESTION, CONDITIONAL)

# A character of the same sentence (the point in "38.5" does not end it).
IN_SENTENCE = r"(?:[^.!?]|\.(?=\d))"
# Not asked: "do i have a fever if ...", "should she have a temperature".
NOT_ASKED = (
    r"(?<!\bdo )(?<!\bdoes )(?<!\bdid )(?<!\bshould )(?<!\bcan )(?<!\bcould )(?<!\bwould )"
    r"(?<!\bwill )(?<!\bmight )"
)
PAIN = r"(?:pain|ache|aching|hurts?|hurting|killing me|headache)"
# The people whose confusion is delirium: not children puzzled by a diagnosis.
CARED = (
    r"(?:mom|mum|mother|mama|mommy|dad|father|papa|daddy|wife|husband|partner|spouse|sister"
    r"|brother|aunt|auntie|uncle|grandma|grandmother|granny|nana|grandpa|grandfather|patient|"
    r"mother-in-law|father-in-law|loved one)"
)
TEMP_F = r"(?:100\.[4-9]\d*|10[1-9](?:\.\d+)?|11[0-2](?:\.\d+)?)"
TEMP_C = r"(?:3[89](?:\.\d+)?|4[0-2](?:\.\d+)?)"
TEMP = (
    r"(?:" + TEMP_F + r"|" + TEMP_C + r")(?!\d)(?:\s*(?:degrees|deg|°|f|c|fahrenheit|celsius))?\b"
)
FEVER = r"(?:fever|temperature|temp|high temp|temps|fevers)"

URGENT_PATTERNS: tuple[str, ...] = (
    # A fever someone has now (during chemo it may be neutropenic sepsis).
    NOT_ASKED + HAS + r"(?: a| an| some)?(?: high| low[- ]grade| slight| bad| really high| little|"
    r" spiking| raging| neutropenic)? "
    + FEVER
    + r"\b(?! (?:\w+ ){0,3}?(?:last (?:year|month|week)|years? ago|"
    r"months? ago|weeks? ago|as a (?:kid|child)|in \d{4}))"
    r"(?! (?:of|is|at|around|about|was) (?:9\d|3[0-7])(?:\.\d+)?\b)",
    NOT_ASKED + WHO + AUX + r" (?:feverish|febrile|burning up|running hot)\b",
    r"\b(?:feel|feels|feeling|felt) (?:really |very |a bit |kind of |so )?(?:feverish|febrile)\b",
    WHOSE + r" " + FEVER + r" (?:(?:is|was|'s|has been|keeps|just|went|hit|reads|read|got|"
    r"spiked|jumped|went up|up|came back|still|now|at|to|of|over|above|around|about) )*" + TEMP,
    WHOSE + r" " + FEVER + r" (?:is |has |just )?(?:won't|will not|isn't|doesn't|hasn't|not) "
    r"(?:go|going|come|coming) down\b",
    r"^\W*(?:(?:i'm |been |i've been |currently )?(?:running|have|got|had|with) (?:a )?)?"
    r"(?:temp|temperature|fever)\s*(?:is |of |at |:)?\s*" + TEMP,
    # A message that opens with the symptoms: "fever and chills since last night".
    r"^\W*(?:(?:a |high |bad )?fever|chills|shaking chills)(?: and| with| plus|,) (?:(?:bad |the )?"
    r"chills|(?:a )?fever|shaking|rigors)\b",
    HAS + r" (?:a |an )?" + TEMP + r" (?:fever|temp|temperature)\b",
    WHO + AUX + r" (?:have|has|had|got|running|run|ran)(?: a| an)? " + FEVER + r" (?:of |over |"
    r"above |at |around |about )?" + TEMP,
    r"(?:^|[.!?](?!\d)\s*)(?=" + IN_SENTENCE + r"*" + PERSON + r")" + IN_SENTENCE + r"*"
    r"\b(?:temp|temperature|fever|thermometer)\b" + IN_SENTENCE + r"{0,30}\b(?:says|said|reads|"
    r"read|shows|showed|hit|hits|spiked to|went up to|is at|was at|of)\s*" + TEMP,
    WHO + r"(?:'s| is| was| am| are)? (?:at|up to|hit|hitting|measured|measuring) " + TEMP,
    # Chills or shaking with a fever.
    WHO + r"\b[^.!?]{0,40}\b(?:chills|shivering|shaking|shakes|rigors|rigours|shivers)\b"
    r"[^.!?]{0,40}\b(?:fever|temp|temperature|feverish|burning up|hot(?! flash))\b",
    WHO + r"\b[^.!?]{0,40}\b(?:fever|temp|temperature|feverish|burning up)\b[^.!?]{0,40}\b"
    r"(?:chills|shivering|shaking|shakes|rigors|rigours|shivers)\b",
    HAS + r" (?:the )?(?:shaking chills|rigors|rigours|uncontrollable shaking)\b",
    # Yellow skin or eyes (jaundice).
    WHOSE + r" (?:eyes|skin|face|whites of (?:my|her|his) eyes|eye whites)(?: and (?:eyes|skin))?"
    r"(?: (?:are|is|look|looks|looking|turned|turning|have|has|gone|went|seem|seems|getting|got|"
    r"kind of|a bit|really|very|so|slightly|pretty|suddenly|starting to|started to|look|turn|go|"
    r"become|becoming|all|a|an|bit|little|more|and))* (?:yellow\w*|orange|jaundiced)\b",
    r"\b(?:i|i'm|she|she's|he|he's|they're|" + RELATIVE + r")(?:'s)?(?: (?:is|am|are|look|looks|"
    r"looking|turning|turned|getting|going|gone|has gone|seem|seems|so|really|very|kind of|a bit|"
    r"all|suddenly))* (?:yellow|jaundiced)\b",
    HAS + r" (?:jaundice|yellow (?:eyes|skin)|yellowing)\b",
    r"\byellowing (?:of|in) " + WHOSE + r" (?:skin|eyes)\b",
    # New or sudden severe pain ("my back is killing me" alone is not new).
    WHOSE + r"\b[^.!?]{0,30}\b" + PAIN + r"\b[^.!?]{0,30}\b" + SUDDEN,
    WHOSE + r"\b[^.!?]{0,30}\b" + SUDDEN + r"\b[^.!?]{0,30}\b" + PAIN + r"\b",
    SUDDEN + r"\b[^.!?]{0,30}\b" + PAIN + r"\b[^.!?]{0,15}\b(?:in|on|down) " + WHOSE,
    SUDDEN + r"\b[^.!?]{0,30}\b" + WHOSE + r"\b[^.!?]{0,30}\b" + PAIN + r"\b",
    r"\b(?:new|newly)\b[^.!?]{0,20}\b" + SEVERE + r"\b[^.!?]{0,20}\b(?:pain|ache|headache)\b"
    r"[^.!?]{0,15}\b(?:in|on|down) " + WHOSE,
    r"\b"
    + SEVERE
    + r",? new (?:\w+ )?(?:pain|ache|headache)\b[^.!?]{0,15}\b(?:in|on|down) "
    + WHOSE,
    WHO + r"\b[^.!?]{0,40}\b" + SUDDEN + r"\b[^.!?]{0,40}\b" + PAIN + r"\b",
    WHO
    + r"\b[^.!?]{0,40}\b"
    + PAIN
    + r"\b[^.!?]{0,30}\b"
    + r"(?:came on |started |began |hit )?"
    + SUDDEN,
    WHO
    + r"\b[^.!?]{0,40}\b(?:new|newly)\b[^.!?]{0,20}\b"
    + SEVERE
    + r"\b[^.!?]{0,20}\b(?:pain|ache|headache)\b",
    WHO + r"\b[^.!?]{0,40}\b" + SEVERE + r"(?:,? new| new)\b[^.!?]{0,20}\b(?:pain|ache|headache)\b",
    WHO + AUX + r" in (?:so much|such|severe|excruciating|unbearable|agonizing|agonising|terrible|"
    r"horrible|extreme|a lot of) pain\b",
    WHO + AUX + r" in (?:so much |such )?agony\b",
    HAS + r" (?:an? )?(?:excruciating|unbearable|agonizing|agonising|the worst) (?:\w+ )?"
    r"(?:pain|headache)\b",
    r"\b(?:new|sudden) " + SEVERE + r" headache\b",
    r"\b" + SEVERE + r",? (?:new|sudden) headache\b",
    r"(?:"
    + WHOSE
    + r"|\bthe) pain (?:is|has (?:become|gotten|got)|got|became)(?: so| really| completely)? "
    r"(?:unbearable|excruciating|out of control|uncontrolled|unmanageable|much worse|way worse)\b",
    # New confusion (delirium), in someone they care for, or sudden in oneself.
    r"\b(?:she|he|they|" + CARED + r")(?:'s|'re)?(?: (?:is|are|was|seems|seem|looks|acting|"
    r"become|became|has become|getting|got|gets|been|has been|so|very|really|more|really|"
    r"suddenly|all of a sudden|completely|totally|now|very|extremely|quite|a bit|kind of))* "
    r"(?:confused|disoriented|disorientated|delirious|incoherent|not making (?:any )?sense|"
    r"hallucinating|seeing things|talking nonsense)\b"
    r"(?! (?:about|by|with|as to|why|what|how|if|whether|regarding|on|over|which|when|where|"
    r"who|because))",
    r"\b(?:i'm|i am|i've been|i feel|i keep getting|i get)(?: so| very| really)? "
    + SUDDEN
    + r" (?:confused|disoriented|foggy|delirious)\b",
    r"\b(?:i'm|i am|i've been|i feel|i)(?: (?:so|very|really|getting|suddenly|all of a sudden))*"
    r" (?:disoriented|delirious|hallucinating)\b",
    HAS + r" (?:some |a lot of )?(?:new|sudden) (?:confusion|disorientation|delirium)\b",
    r"\b(?:doesn't|does not|didn't|can't) (?:know|recogni[sz]e) (?:where (?:she|he)(?:'s| is)|"
    r"who i(?:'m| am)|me|us|her own|his own|what day)\b",
    # Signs of infection during treatment.
    WHOSE + r" (?:port|port site|picc|picc line|line|central line|incision|wound|scar|drain|"
    r"drain site|cut|stitches|surgical site|injection site|catheter)"
    r"(?: site| area)?(?: (?:is|are|looks|looking|has|got|gotten|getting|feels|become|became|turned"
    r"|started|really|very|so|all|and|kind of|bright|hot|red|swollen))* (?:red|swollen|hot|warm|"
    r"oozing|leaking|draining|infected|inflamed|pussy|full of pus|weeping|streaking)\b",
    # A red, hot arm or breast is cellulitis (a swollen arm alone is lymphoedema, not urgent).
    WHOSE + r" (?:arm|breast|leg|chest|skin)\b[^.!?]{0,20}\b(?:red|hot|warm)\b[^.!?]{0,20}"
    r"\b(?:hot|warm|red)\b",
    WHOSE + r" (?:arm|breast|leg|chest|skin) (?:is |looks |looking |got )*(?:infected|"
    r"red streaks?|streaking)\b",
    r"\b(?:pus|oozing|redness|red streaks?|swelling)\b[^.!?]{0,20}\b(?:around|from|at|on|near) "
    + WHOSE
    + r" (?:port|picc|line|incision|wound|scar|drain|stitches|catheter)\b",
    HAS + r" (?:an |a )?(?:infection|infected \w+)\b",
    r"\b(?:it's|it is|it looks|its|port is|line is|wound is|incision is) (?:really |very |"
    r"definitely |probably )?infected\b",
    # Unable to keep fluids down.
    r"(?:^|[.!?]\s*)(?=[^.!?]*" + PERSON + r")[^.!?]*\b(?:can't|cannot|couldn't) (?:keep|hold) "
    r"(?:anything|any food|food|fluids|water|liquids|anything at all|my meds|her meds|his meds|"
    r"pills|a thing) down\b",
    # New confusion, whoever the sentence is about.
    r"\b(?:suddenly|all of a sudden|newly|more and more|increasingly|getting more|become|"
    r"becoming|gotten|got) (?:very |really |so |quite )?(?:confused|disoriented|disorientated|"
    r"muddled|delirious)\b(?! (?:about|by|with|as to|why|what|how|if|whether|regarding|on))",
)

URGENT_EXCEPTIONS: tuple[str, ...] = (GENERAL_QUESTION, CONDITIONAL)

# ----------------------------------------------------------------------------------------------
# Spanish (the text is normalised: no accents, "kiero" -> "quiero", "xq" -> "porque", ...)
# ----------------------------------------------------------------------------------------------
# The same three categories and the same decisions as the English, with these judgement calls
# (each has a test):
#
# * Self-harm: "no aguanto más" / "ya no puedo más" count on their own ("ya no puedo más, no sé qué
#   hacer") or with life or death ("no aguanto más esta vida"): it is the commonest way Spanish
#   speakers voice despair, and no Spanish classifier stands behind the safety net, so a miss gets
#   "Sorry, I didn't understand" (the English "I can't do this anymore" alone is left to the
#   classifier). Not when the message names what it is about ("no aguanto más estos calores",
#   "la quimio"); "no aguanto el dolor" is unbearable pain (urgent).
#   "Soy una carga" counts with "mejor", "sin mí" or a wish to die, as the English "burden" needs
#   "better off"; "estoy harta de todo" is everyday venting, "cansada de vivir" is not.
#   "No tengo pensamientos/ideas suicidas" and "no soy suicida" are the Spanish "I'm not suicidal"
#   (masked); "no quiero morir(me)" is fear, not a wish (masked). "Me muero de risa / hambre /
#   ganas", "me quiero morir de la vergüenza", "matar el tiempo", "estos calores me están matando"
#   and "la quimio me va a matar" are figures of speech or complaints; "mi mamá se murió de cáncer"
#   is the past. "Suicidio asistido" and "eutanasia" are end-of-life questions, as in English.
# * Emergency: "pecho" is also the breast, so chest pain counts with a person who has it ("tengo
#   dolor en el pecho") or its severity ("me duele mucho el pecho"), not "me duele el pecho donde me
#   operaron". "No puede hablar" counts when sudden or at the end of a sentence ("mi papá no puede
#   hablar"), not "no puede hablar ahora / por teléfono / inglés" nor "ya no puede hablar" (the
#   slow decline of the last days, which hospice teams ask families not to call 911 for). "Me
#   falta el aire" counts unless it comes with effort or weeks ("cuando subo escaleras"); "no
#   puedo respirar por la nariz" is a blocked nose. "Derrame pleural" is fluid, not a stroke.
# * Urgent: "tengo 38 años" is an age, not a temperature; "calentura" is a fever except on the lip
#   (a cold sore); "estoy alucinando" is surprise, "está alucinando" is delirium.

# "¿el cáncer de mama ...": "mama" is the breast, "mi mamá" (normalised "mi mama") the mother.
RELATIVE_ES = (
    r"(?:mama|mami|mamita|madre|papa|papi|padre|esposo|esposa|marido|mujer|pareja|hermana|"
    r"hermano|hija|hijo|tia|tio|abuela|abuelita|abuelo|amiga|amigo|suegra|suegro|novia|novio|"
    r"prima|primo|vecina|vecino|cunada|cunado|nuera|yerno|paciente|mom|mother|dad|husband|wife|"
    r"sister|daughter|partner)"
)
PERSON_ES = (
    r"\b(?:yo|me|mi|mis|conmigo|ella|le|les|nos|nuestr[oa]s?|tengo|estoy|siento|tuve|estuve|"
    r"ando|(?:mi|tu|su|nuestra|nuestro|la|el) " + RELATIVE_ES + r")\b"
)
# The rest of the clause is over: a full stop, or a word that starts a new clause.
END_ES = (
    r"(?=\s*(?:$|[.,!?;:)¿¡]|\b(?:y|e|pero|porque|pues|asi que|si|cuando|nunca|jamas|de verdad|"
    r"en serio|por favor|porfa|esta noche|la verdad|no se|ayuda|ayudame|que hago|sin|neta|"
    r"sinceramente|honestamente|para (?:no )?sentir|lol|jaja\w*)\b))"
)
# What follows "no quiero vivir/seguir": "así", "más", "con este dolor", ...
TAIL_ES = (
    r"(?: (?:ya|mas|asi|nunca mas|de esta (?:manera|forma)|de este modo|con este dolor|con tanto "
    r"dolor|en este mundo|un dia mas|otro dia|ni un dia mas|aqui|en esta vida|con esta "
    r"enfermedad|con este cancer|con el cancer|contra (?:el|este) cancer|contra esta enfermedad|"
    r"luchando|adelante|viviendo|viva|vivo|despierta))*"
)
# Wanting, first or third person, and Spanglish: "quiero", "quisiera", "me dan ganas de", ...
WANT_ES = (
    r"(?:quiero|quiere|queria|quisiera|quisiese|quisieramos|deseo|desea|deseaba|desearia|"
    r"me gustaria|le gustaria|tengo ganas de|tiene ganas de|me dan ganas de|le dan ganas de|"
    r"siento ganas de|me provoca|want to|wants to)"
)
# An intention: wanting, planning, thinking of, trying.
PLAN_ES = (
    r"(?:" + WANT_ES[3:-1] + r"|voy a|iba a|pienso|piensa|pienso en|piensa en|pensando en|pense en"
    r"|penso en|pensado en|planeo|planea|planeando|a punto de|decidi|decidio|intente|intento|"
    r"trate de|trato de|he intentado|ha intentado|deberia|amenaza con|amenazo con|ganas de)"
)
# "Morir de risa / de la vergüenza / de lo bien que me fue", of old age, in peace: not a wish to die
# now. "Morirme de una vez" is.
NOT_A_WISH_ES = (
    r"(?! (?:en |con dignidad|dignamente|tranquil|en paz|naturalmente|rodead|sin (?:dolor|sufrir)|"
    r"dormid|cuando (?:me|le|sea|llegue)|junto|al lado|de (?:la |lo |el )?(?:risa|verguenza|pena|"
    r"amor|ganas|alegria|felicidad|emocion|bien|gusto|envidia|ternura|nervios|hambre|sueno|calor|"
    r"frio|aburrimiento|viej\w*|muerte natural|forma natural|causas naturales)))"
)
SUDDEN_ES = (
    r"(?:de repente|de pronto|repentinamente|subitamente|de golpe|de la nada|sin aviso|"
    r"hace un momento|hace un rato|hace unos minutos|ahora mismo|ahorita mismo|en este momento)"
)
HISTORY_ES = (
    r"(?:hace (?:\w+ )?(?:anos|ano|meses|mes)|el ano pasado|el mes pasado|en (?:19|20)\d\d|"
    r"de (?:nina|nino|chica|chico|pequena|pequeno|joven|bebe)|cuando (?:era|eramos|tenia)|"
    r"antes del? (?:diagnostico|cancer))"
)
# What "no aguanto más" may be about: "estos calores", "la quimio", "mi suegra".
COMPLAINT_ES = (
    r"(?:calor(?:es)?|bochornos?|sofocos?|quimio\w*|chemo|radio\w*|tratamiento|efectos?|nauseas|"
    r"vomitos?|dolor(?:es)?|duele\w*|seguro|trabajo|suegr[oa]|jef[ea]|espera|hospital|"
    r"inyecciones|pinchazos|citas?|papeleo|tos|picazon|comezon|insomnio|frio|ruido|vecin[oa]s?|"
    r"calvicie|pelo|peluca|cansancio)"
)
SEVERE_ES = (
    r"(?:fuerte|fuertisimo|muy fuerte|intenso|muy intenso|horrible|terrible|insoportable|"
    r"inaguantable|espantoso|atroz|agudo|aplastante|opresivo|tremendo|del demonio|muy malo|"
    r"brutal|punzante)"
)
PILLS_ES = (
    r"(?:(?:pasti(?:ll|y|l|lly)?as?|pildoras?|tabletas?|capsulas?|comprimidos?|medicinas?|"
    r"medicamentos?|remedios?|calmantes?|analgesicos?|somniferos?|pastillas para dormir|"
    r"opioides?|opiaceos?|narcoticos?|morfina|oxicodona|oxycodona|oxycontin|percocet|fentanilo|"
    r"fentanil|metadona|tramadol|codeina|hidrocodona|hidromorfona|xanax|alprazolam|clonazepam|"
    r"rivotril|lorazepam|ativan|diazepam|valium|benzodiacepinas?|benzos?|zolpidem|paracetamol|"
    r"acetaminofen\w*|tylenol|insulina|antidepresivos?|gabapentina|pregabalina|lyrica|heroina|"
    + PILLS[3:-1]
    + r")s?)"
)
NOT_SUPPLEMENT_ES = (
    r"(?![^.?!]*\b(?:vitaminas?|suplementos?|calcio|hierro|magnesio|zinc|biotina|omega|"
    r"melatonina|agua|cafe|cafeina|azucar|sal|radiacion|radioterapia|quimio\w*|sol)\b)"
)
# Taking pills: "tomarme", "me las voy a tomar", "tragarme", ...
TAKE_ES = r"(?:tomar(?:me|se)?(?:las|los)?|tragar(?:me|se)?(?:las|los)?|beber(?:me|se)?)"
ALL_PILLS_ES = (
    r"(?:todas?|todos|toda la|todo el|el frasco|un frasco|la caja|una caja|el bote|un bote|"
    r"la botella|el blister|un punado|un puno|un monton|muchas|muchos|demasiadas|demasiados|"
    r"el resto)"
)
# A regular dose: "todas las pastillas en la mañana / con el desayuno / juntas".
DOSE_TIMING_ES = (
    r"(?![^.!?]{0,40}\b(?:en la manana|por la manana|por la noche|en la noche|antes de dormir|"
    r"con (?:la )?comida|con el desayuno|con la cena|con agua|con leche|a la vez|juntas|juntos|"
    r"al mismo tiempo|a tiempo|como me (?:indicaron|dijeron|recetaron)|cada|diario|todos los dias"
    r"|en ayunas|del dia|de hoy)\b)"
)

SELF_HARM_PATTERNS_ES: tuple[str, ...] = (
    # Suicide by name is the English "\bsuicid" (with "suisidio", "suizidio" corrected), and
    # the misspelled verb, too short to correct safely ("suisidar" is as close as "cuidar").
    r"\bsu[iy]?[csz]{1,2}id(?:ar|arme|arse|arte|andome|andose|o)\b",
    # Taking one's life, and ending it.
    r"\bquitar(?:me|se|te) (?:la|mi|su) (?:propia )?vida\b",
    r"\b(?:me|se) (?:\w+ )?(?:quiero|quiere|queria|quisiera|voy a|va a|iba a|pienso|piensa|"
    r"dan ganas de)\s+quitar (?:la|mi|su) (?:propia )?vida\b",
    # Not "el cáncer acabó con su vida" (she died of it) nor "va a acabar con mi vida" (prognosis).
    r"\b(?:" + PLAN_ES[3:-1] + r"|como|forma de|manera de|me|se) (?:acabar|terminar|poner fin a|"
    r"ponerle fin a) (?:con )?(?:mi|su) (?:propia )?vida\b",
    r"\b" + PLAN_ES + r" (?:acabar|terminar|poner fin a|ponerle fin a) (?:con )?(?:todo|todo esto"
    r"|esto de una vez por todas)" + END_ES,
    r"\bacabar con todo(?: de una vez)?" + END_ES,
    # Wanting to die (not "no quiero morir", masked, nor "morir en casa / en paz").
    r"\b" + WANT_ES + r" (?:\w+ )?morir(?:me|se)?\b" + NOT_A_WISH_ES,
    r"\b(?:me|se|te) (?:\w+ )?(?:quiero|quiere|queria|quisiera|dan ganas de|gustaria|"
    r"deberia|want to)\s+(?:\w+ )?morir\b" + NOT_A_WISH_ES,
    r"\bganas de morir(?:me|se)?\b" + NOT_A_WISH_ES,
    r"\bojala\b[^.!?]{0,25}\b(?:(?:me muera|me muriera|me muriese)" + NOT_A_WISH_ES + r"|"
    r"estuviera muert[oa]|"
    r"estar muert[oa]|no (?:despierte|despertara|despertar|amanezca|amanecer)|no hubiera nacido|"
    r"no existiera|no existir|dejar de existir|desaparecer|desapareciera|"
    r"(?:dios|alguien|el cancer|esto|la muerte) me (?:lleve|llevara|recoja|mate|matara))\b",
    r"\b(?:quisiera|quiero|prefiero|preferiria|deberia|me gustaria|seria mejor|mejor) (?:ya )?"
    r"(?:estar|estuviera) muert[oa]\b",
    r"\b(?:prefiero|preferiria) morir(?:me)?\b(?! (?:antes|a |que |en |de ))",
    r"\bmejor (?:ya )?(?:me muero|muert[oa])" + END_ES,
    r"\bdeberia (?:ya )?(?:morirme|morir|estar muert[oa])\b(?! (?:en |de |tranquil|cuando))",
    r"\b(?:quiero|ojala|quisiera|deseo|ruego|pido) (?:que )?(?:alguien|algo|el cancer|esto|la "
    r"enfermedad) me (?:mate|matara|matase)\b",
    r"\b(?:pido|pedirle|ruego|rezo|rezando|pidiendo) (?:a |al )?(?:dios|senor|diosito|cielo)\b"
    r"[^.!?]{0,25}\bme (?:lleve|llevara|recoja|recogiera)\b(?! con bien)",
    r"\b(?:dios|senor|diosito)\W+(?:ya )?llevame\b",
    r"\b(?:que|ojala) dios me (?:lleve|recoja)(?: ya| de una vez| pronto| con el| contigo)?"
    + END_ES,
    # Not wanting to live; no reason, no sense, can't go on.
    r"\b(?:ya no|no|nunca mas)(?: (?:me|le|la verdad|realmente|de verdad))* (?:quiero|quiere|"
    r"queria|quisiera|deseo|desea|tengo ganas de|tiene ganas de|want to) (?:seguir )?(?:vivir|"
    r"viviendo|existir|seguir|estar aqui|estar viv[oa]|estar en este mundo|despertar(?:me)?|"
    r"continuar|seguir adelante|seguir luchando|luchar mas|seguir en este mundo)"
    + TAIL_ES
    + END_ES,
    r"\bno (?:se|estoy segur[oa]) si (?:quiero|quiere|puedo|puede) (?:seguir )?(?:vivir|"
    r"viviendo|seguir|estar viv[oa])\b",
    r"\b(?:no tengo|no tiene|ya no tengo|ya no tiene|sin|perdi|perdio|he perdido|ha perdido|"
    r"se me fueron|se le fueron) (?:las |ni |ningun[oa]s? |mas )?(?:ganas|razon|razones|motivo|"
    r"motivos|por que|nada por que|nada para) (?:de |para |por )?(?:vivir|seguir viviendo|"
    r"seguir)\b",
    r"\bno (?:me |le )?(?:encuentro|encuentra|veo|ve|tiene|le veo|le encuentro) (?:ningun )?"
    r"sentido (?:a |en )?(?:la vida|mi vida|vivir|seguir|seguir viviendo|seguir adelante|"
    r"seguir luchando|nada|despertar)" + END_ES,
    r"\b(?:la vida|mi vida|vivir|seguir viviendo) (?:ya )?no tiene (?:ningun )?sentido\b",
    r"\b(?:ya )?nada tiene sentido\b",
    r"\bya no tiene sentido seguir" + END_ES,
    r"\bno tiene (?:ningun )?sentido seguir (?:viviendo|asi|adelante|luchando)" + END_ES,
    r"\b(?:no vale la pena|para que) (?:seguir|vivir|seguir viviendo|seguir luchando|despertar"
    r"|levantarme)" + TAIL_ES + END_ES,
    r"\b(?:cansad[oa]|hart[oa]|agotad[oa]) de (?:vivir|la vida|existir|estar viv[oa]|despertar)"
    r"\b",
    r"\b(?:cansad[oa]|hart[oa]|agotad[oa]) de (?:luchar|seguir|pelear|seguir luchando)"
    + TAIL_ES
    + END_ES,
    r"\b(?:ya )?no puedo (?:mas )?(?:seguir|seguir viviendo|vivir asi|con la vida|con mi vida|"
    r"seguir adelante)" + TAIL_ES + END_ES,
    # "No aguanto más" with nothing named that it is about, or with life or death in the message
    # (see the judgement calls).
    r"^(?!.*\b" + COMPLAINT_ES + r"\b).*\b(?:ya no (?:aguanto|soporto|resisto)(?: (?:mas|ya|nada))*"
    r"|no (?:aguanto|soporto|puedo|resisto)(?: (?:mas|ya|nada))+|ya no puedo(?=\W*$))"
    r"(?=\s*(?:$|[.,!?;:]|\b(?:y|"
    r"pero|de verdad|en serio|con todo|con esto|con mi vida|con la vida|con nada|ya|ayuda|ayudame|"
    r"por favor|no se|dios|estoy|me siento|quiero)\b))",
    r"\bno (?:aguanto|soporto|puedo|resisto) (?:mas|ya)\b.*\b(?:vida|vivir|viviendo|morir\w*|"
    r"muert[oa]|existir|desaparecer|sentido|termine todo|todo termine|se acabe todo|acabar con "
    r"todo)\b",
    r"\b(?:vida|vivir|viviendo|morir\w*|muert[oa]|existir|desaparecer|sentido)\b.*\bno "
    r"(?:aguanto|soporto|puedo|resisto) (?:mas|ya)\b",
    # Wanting it all to end.
    r"\b(?:quiero|quisiera|ojala|deseo|solo quiero) (?:que )?(?:ya )?(?:todo|todo esto|esto|"
    r"esta vida|mi vida) (?:se )?(?:termine|acabe|pare|terminara|acabara)(?: ya)?(?: de una vez)?"
    + END_ES,
    # "Quiero que se acabe" with nothing named ("la quimio es horrible, quiero que se acabe").
    r"^(?!.*\b" + COMPLAINT_ES + r"\b).*\b(?:quiero|quisiera|solo quiero) que (?:ya )?(?:se )?"
    r"(?:termine|acabe|pare)(?: ya| de una vez)?" + END_ES,
    r"\b(?:quiero|quisiera|ojala|deseo|solo quiero) (?:que )?(?:ya )?(?:se )?(?:termine|acabe|"
    r"pare) (?:todo|todo esto|esta vida|mi vida)\b(?! bien)",
    # Better off without me; a burden, with better off or a wish to die.
    r"\bmejor sin mi" + END_ES,
    r"\bmejor si (?:yo )?(?:no estuviera|no existiera|me muriera|desapareciera)\b",
    r"\b(?:seria|estaria|estarian) (?:todo )?mejor (?:si |que )?(?:yo )?(?:no estar|no existir|"
    r"no estuviera|no existiera|me muriera|me muero|no hubiera nacido|desaparecer|desapareciera|"
    r"estar muert[oa]|no estar aqui|no estar viv[oa])" + TAIL_ES + END_ES,
    r"\b(?:soy|me siento|siento que soy) (?:\w+ ){0,2}?(?:una carga|un estorbo)\b.*\b(?:mejor|"
    r"sin mi|morir\w*|muert[oa]|desaparecer|no estar|ya no (?:quiero|puedo))\b",
    r"\b(?:mejor|sin mi|morir\w*|muert[oa]|desaparecer|no estar)\b.*\b(?:soy|me siento|siento "
    r"que soy) (?:\w+ ){0,2}?(?:una carga|un estorbo)\b",
    r"\b(?:nadie|ninguno) (?:me )?(?:extranaria|echaria de menos|notaria|lloraria)\b",
    r"\ba nadie le (?:importaria|importa) si (?:me muero|muero|desaparezco|no estoy)\b",
    # Disappearing, sleeping for ever.
    r"\b" + WANT_ES + r" (?:\w+ )?(?:desaparecer|dejar de existir|dejar de vivir|dejar de "
    r"respirar|irme de este mundo|irme para siempre|dormir para siempre|dormirme para siempre|"
    r"no despertar(?:me)?|no existir)(?: para siempre| del mundo| de este mundo| ya| manana| nunca "
    r"mas| mas)?" + END_ES,
    r"\b(?:me )?(?:quiero|quisiera) ir(?:me)?\b[^.!?]{0,20}\bde este mundo\b",
    r"\b(?:quiero|quisiera|me gustaria|ojala|deseo|desearia|pido a dios|le pido a dios|rezo|"
    r"ruego)\b[^.!?]{0,40}\bdorm\w*\b[^.!?]{0,20}\bno (?:volver a )?despertar(?:me)?\b",
    r"\b(?:tengo|tiene) (?:muchos )?(?:pensamientos|ideas) (?:muy )?(?:oscuros|negros|de "
    r"muerte|de morir(?:me)?|de matarme|de hacerme dano)\b",
    # Killing oneself (not "la quimio va a matarme": it is the chemo that would kill).
    r"\b(?:" + PLAN_ES[3:-1] + r"|como|forma de|manera de|modo de|metodo para|wanna|como puedo"
    r") matar(?:me|se)\b(?! (?:trabajando|estudiando|de (?:risa|hambre)|a trabajar|corriendo|"
    r"en la moto|manejando))",
    r"\bme (?:quiero|queria|quisiera|voy a|iba a|pienso|dan ganas de|gustaria|deberia)\s+"
    r"(?:\w+\s+)?matar\b(?! (?:el tiempo|a |al |la |las |los |de |trabajando|un |una |estudiando))",
    r"\bse (?:quiere|queria|quisiera|piensa|intento|trato de|quiso) (?:\w+ )?matar\b"
    r"(?! (?:el tiempo|a |al |la |las |los |de |trabajando|un |una ))",
    r"\b(?:dice|dijo|decia|amenaza|amenazo|escribio|me dijo) que se (?:va|iba) a matar\b",
    r"\b(?:ahorcar(?:me|se)|colgar(?:me|se) de|pegar(?:me|se) un (?:tiro|balazo)|dar(?:me|se) "
    r"un (?:tiro|balazo)|disparar(?:me|se)|volar(?:me|se) los sesos|envenenar(?:me|se)|"
    r"ahogar(?:me|se) en (?:el mar|el rio|la tina|la banera|la alberca|la piscina))\b",
    r"\b(?:tirar(?:me|se)|aventar(?:me|se)|lanzar(?:me|se)|arrojar(?:me|se)|me tiro|me aviento|"
    r"(?:me|se) (?:quiero|quiere|voy a|va a|pienso|piensa|dan ganas de|gustaria) (?:tirar|aventar|"
    r"lanzar|arrojar))"
    r" (?:de|por|desde|al|a las vias del|frente al|debajo del|bajo el|a un|a la) (?:un |una |el |"
    r"la |mi )?(?:puente|edificio|balcon|ventana|azotea|techo|piso|tren|metro|camion|carro|"
    r"coche|vias|precipicio|barranco)\b",
    r"\b(?:como|forma de|manera de|modo de|metodo para)\s+(?:me )?(?:mato|suicido|quito la vida)"
    r"\b",
    r"\b(?:forma|manera|modo|metodo)s? (?:mas |menos )?(?:\w+ )?(?:de|para) (?:morirme|matarme|"
    r"quitarme la vida|acabar con mi vida)\b",
    r"\b(?:forma|manera|modo)s? (?:mas |menos )?(?:facil|rapida|indolora|dolorosa|segura|"
    r"sencilla|efectiva) de morir\b(?! (?:en |tranquil|en paz|naturalmente|de forma natural))",
    # Self-harm: cutting, burning, hurting oneself ("me hice daño" alone counts, as "I hurt
    # myself" does; accidents and body parts are masked or never match).
    r"\bauto(?:lesion|lastim)\w*",
    r"\b" + PLAN_ES + r" (?:hacer(?:me|se) (?:dano|algo)|lastimar(?:me|se)|herir(?:me|se)|"
    r"cortar(?:me|se)|quemar(?:me|se)|golpear(?:me|se))\b(?! (?:el|la|los|las|un|una|mi|mis|su|"
    r"sus) (?:pelo|cabello|flequillo|fleco|unas|barba|melena|puntas|dedo|mano|pie))",
    r"\b(?:miedo (?:a|de)|me da miedo|le da miedo) (?:hacer(?:me|le) (?:dano|algo)|lastimarme|"
    r"cortarme|"
    r"matarme|quitarme la vida)\b",
    r"\b(?:me|se) (?:hago|hace|hice|hizo|he hecho|ha hecho|estoy haciendo|esta haciendo|sigo "
    r"haciendo|sigue haciendo) (?:dano|heridas|cortes)(?: (?:a proposito|a (?:mi|si) mism[oa]|"
    r"otra vez|de nuevo))*" + END_ES,
    r"\b(?:me|se) (?:hago|hace|hice|hizo|lastimo|lastima|lastime|corto|corta|corte|quemo|quema|"
    r"queme) (?:\w+ )?(?:a proposito|a (?:mi|si) mism[oa])\b",
    r"\b(?:me|se) (?:corto|corta|corte|corti|he cortado|ha cortado|estoy cortando|esta cortando|"
    r"sigo cortando|sigue cortando|he estado cortando|ha estado cortando|volvi a cortar|"
    r"volvio a cortar)(?: (?:otra vez|de nuevo|a escondidas|todos los dias|cada noche))?"
    r"(?:" + END_ES + r"| (?:las|los|mis|sus) (?:venas|munecas|brazos|piernas|muslos|piel))",
    r"\b(?:volvi|volvio|empece|empezo|sigo|sigue) (?:a )?cortando(?:me|se)\b|\b(?:volvi|volvio|"
    r"empece|empezo) a cortar(?:me|se)\b(?! (?:el|la|los|las|un|una|mi|mis|su|sus) "
    r"(?:pelo|cabello|flequillo|fleco|unas|barba|melena|puntas))",
    r"\b(?:cortar(?:me|se)|abrir(?:me|se)|me corte|me corto|se corto|se corta) (?:las|los|mis|"
    r"sus) (?:venas|munecas)\b",
    r"\b(?:me|se) (?:quem\w+|lastim\w+) (?:los brazos |la piel |las piernas )?con (?:cigarros|"
    r"cigarrillos|un cigarro|un cigarrillo|un encendedor|el encendedor)\b",
    r"\bme golpeo (?:la cabeza )?contra (?:la pared|el piso|la puerta)\b",
    # Pills: a plan, a stockpile, an overdose taken, a question about a lethal amount.
    r"\b" + PLAN_ES + r" (?:una |un )?(?:sobredosis|overdose)\b",
    r"\b" + PLAN_ES + r" " + TAKE_ES + r" " + ALL_PILLS_ES + r"\b" + DOSE_TIMING_ES,
    r"\bme (?:las |los )?(?:quiero|voy a|pienso|dan ganas de|gustaria) (?:tomar|tragar|beber)"
    r"(?:las|los)? " + ALL_PILLS_ES + r"\b" + DOSE_TIMING_ES,
    r"(?:^|[.!?;]\s*)(?![^.!?;]*\b(?:sin querer|por error|por equivocacion|accidentalmente|"
    r"se me olvido|me confundi|se confundio)\b)[^.!?;]*\b(?:me (?:tome|trague|he tomado|bebi)|se "
    r"(?:tomo|trago|ha tomado|bebio)) (?:un frasco|el frasco|una caja|la caja|un punado|un puno|"
    r"un monton|demasiad[oa]s|la botella|el bote|el blister|todas? (?:las|mis|sus|los) "
    + PILLS_ES
    + r" (?:de golpe|de una vez|juntas|a la vez|para (?:morir|no despertar|acabar|dormir para "
    r"siempre)))",
    r"\b(?:junt|acumul|almacen|escond|ahorr)(?:ando|ar|o|e|arlas|ado|adas|amos)\b (?:(?:mis|las"
    r"|sus|unas|algunas|mas|muchas|suficientes|de)\s+)*" + PILLS_ES + r"\b(?![^.!?]*\b(?:"
    r"pastillero|semana|viaje|del dia|por dia|organizador|refri|botiquin|cajon)\b)",
    PILLS_ES + r" (?:guardadas|escondidas|juntadas|acumuladas|ahorradas|guardados|escondidos|"
    r"juntados|acumulados)\b(?! (?:en|para (?:el|un) viaje))",
    r"\bguard(?:ando|o|e|ar)\b (?:(?:mis|las|sus)\s+)?" + PILLS_ES + r" para (?:el final|cuando|"
    r"el momento|un dia|el dia|acabar|morir|tomarmelas todas|no despertar)\b",
    r"\bcuant[oa]s?\b" + NOT_SUPPLEMENT_ES + r"[^.?!]{0,60}?\b(?:sobredosis|overdose)\b",
    r"\bcuant[oa]s?\b" + NOT_SUPPLEMENT_ES + r"[^.?!]{0,50}?\b(?:" + PILLS_ES + r"|mg|miligramos"
    r"|dosis|de (?:esto|estas|esos|estos))\b[^.?!]{0,40}?\b(?:matar\w*|me matarian|me mataria|"
    r"mataria\w*|morir\w*|letal|letales|mortal|mortales|fatal|no despertar|acabar con)\b",
    r"\bdosis (?:letal|mortal|fatal)\b" + NOT_SUPPLEMENT_ES,
    r"\bdosis\b"
    + NOT_SUPPLEMENT_ES
    + r"[^.?!]{0,30}\b(?:es|son|seria|serian) (?:letal|mortal|fatal)"
    r"(?:es)?\b",
    r"\b(?:me|se|le) (?:tome|tomo|di|dio|provoque|provoco) (?:una )?sobredosis\b",
    r"\b(?:tuve|tuvo|tiene|tengo) una sobredosis\b",
    r"\bsi me (?:tomo|trago) (?:todas?|todo|el frasco|un frasco|la caja|un punado|un monton)\b"
    r"[^.?!]{0,40}\b(?:me muero|moriria|me mataria|me mata|me matan|muero|me moriria)\b",
    # Saying goodbye, putting affairs in order.
    r"\b(?:me|nos|le|les) (?:mando|envio|escribio|dejo|texteo)\b[^.!?]{0,30}\b"
    r"(?:despedida|adios|despidiendose)\b",
    r"\bcartas? de despedida\b",
    r"\b(?:perdon|perdoname|perdonenme|lo siento|disculpenme) por todo" + END_ES,
    r"\bregal(?:e|o|ando|ado|ar) (?:todas )?(?:mis|sus) (?:cosas|pertenencias|joyas|anillos?|"
    r"collar|reloj|tesoros)\b",
)

SELF_HARM_EXCEPTIONS_ES: tuple[str, ...] = (
    # "I'm not suicidal", the Spanish way ("other patterns still see a wish to die").
    r"\b(?:no|nunca|jamas) (?:\w+ )?(?:soy|estoy|he sido|he estado|es|esta|ha sido|ha estado|me "
    r"siento|se siente) suicidas?\b",
    r"\b(?:no|nunca|jamas|sin) (?:\w+ )?(?:tengo|tiene|he tenido|ha tenido|tenia|tuve|tuvo) "
    r"(?:\w+ )?(?:pensamientos|ideas|ideacion|intenciones|tendencias) (?:suicidas?|de suicidio)\b",
    # Fear of dying, not a wish: "no quiero morir", "no me quiero morir todavía".
    r"\b(?:no|nunca|nadie|jamas|ni)(?: (?:me|se|te|yo|ella|el|realmente|de verdad|para nada|"
    r"tampoco|tengo ganas de|tiene ganas de))* (?:quiero|quiere|queria|quisiera|queremos|deseo|"
    r"desea|tengo ganas de|tiene ganas de|want to) (?:todavia |aun |tan pronto |asi )?"
    r"morir(?:me|se|nos)?\b",
    r"\bno tengo ganas de morir(?:me)?\b",
    # Figures of speech: "me muero de risa", "me quiero morir de la vergüenza".
    r"\bmorir(?:me|se)? (?:de|por) (?:la |el )?(?:risa|verguenza|pena|nervios|envidia|amor|ganas|"
    r"hambre|sueno|calor|frio|aburrimiento|ternura|curiosidad|cansancio|sed|emocion)\b",
    # Legal end-of-life care, asked about by name.
    r"\b(?:suicidio|muerte) (?:medicamente |medico )?asistid[oa]\b",
    # Accidents and sport: "me caí y me hice daño", "me corté cocinando".
    r"\b(?:me|se) (?:cai|cayo|caigo|cae|resbale|resbalo|tropece|tropezo|golpee|golpeo|accidente)"
    r"\b[^.!?]{0,40}?\b(?:me|se) (?:hice|hizo|he hecho|ha hecho|hago|hace) dano\b",
    r"\b(?:me|se) (?:(?:hice|hizo|he hecho|ha hecho|hago|hace) dano|lastim\w*|cort(?:e|o|ado)|"
    r"quem(?:e|o|ado)|golpe(?:e|o|ado))\b[^.!?]{0,40}?\b(?:sin querer|por accidente|"
    r"accidentalmente|por error|cocinando|pelando|picando|afeitando\w*|rasurando\w*|jugando|"
    r"haciendo ejercicio|levantando|corriendo|caminando|entrenando|cargando|limpiando|bajando|"
    r"subiendo|trabajando|inyect\w*|cuando me (?:pongo|pincho|inyecto)|con (?:el|un|la|una) "
    r"(?:cuchillo|papel|hoja|lata|vidrio|horno|plancha|sarten|olla|puerta|tijeras|estufa|agua "
    r"caliente|aguja|inyeccion|jeringa)|al (?:caer\w*|cocinar|resbalar|tropezar|"
    r"levantar|cargar|correr|hacer ejercicio)|en (?:el|la) (?:gimnasio|gym|trabajo|cocina|jardin|"
    r"escalera|calle|parque|clase|partido|accidente|caida|ducha|bano)|en (?:la|el|una|mi) "
    r"(?:rodilla|espalda|tobillo|pie|hombro|cadera|cuello|dedo|mano|codo|cabeza))",
)

# Breathless with effort or for weeks, not now at rest: "me falta el aire cuando subo escaleras".
AT_REST_ES = (
    r"(?![^.!?]{0,40}\b(?:al caminar|cuando camino|cuando camina|al subir|cuando subo|cuando sube|"
    r"subo|sube|escaleras|ejercicio|esfuerzo|a veces|de vez en cuando|desde hace (?:semanas|meses"
    r"|anos)|cuando hago|cuando hace)\b)"
)

EMERGENCY_PATTERNS_ES: tuple[str, ...] = (
    # Breathing ("no puedo respirar por la nariz" is a blocked nose).
    r"\b(?:no|casi no|apenas|ya no) (?:\w+ )?(?:puedo|puede|podia|podemos|logro|logra|pudo|"
    r"consigo|consigue|can) (?:respirar|breathe)\b(?! (?:por la nariz|bien por la nariz))",
    r"\b(?:me|le|nos) cuesta (?:mucho |muchisimo |trabajo |demasiado )?respirar\b" + AT_REST_ES,
    r"\b(?:tengo|tiene|esta con|estoy con) (?:mucha |muchisima |bastante )?(?:dificultad|"
    r"dificultades|problemas|trabajo) (?:para|al) respirar\b" + AT_REST_ES,
    r"\b(?:me|le|nos) falta (?:mucho |muchisimo )?(?:el )?(?:aire|la respiracion)\b" + AT_REST_ES,
    r"\b(?:tengo|tiene|siento|siente|con) (?:mucha |muchisima )?falta de (?:aire|respiracion)\b"
    + AT_REST_ES,
    r"\bno (?:me|le) entra (?:el )?aire\b",
    r"\b(?:me|se|le) (?:esta |estoy )?(?:ahog(?:o|a|ando)|asfixi(?:o|a|ando))\b(?! en )",
    r"\bse (?:atraganto|esta atragantando|atraganta)\b",
    r"\b(?:dejo de|ya no|no) respira\w*\b(?! (?:por la nariz|bien por la nariz))",
    r"\blabios (?:(?:se le|se me|estan|se ven|se estan|se pusieron|poniendo|muy|bien|medio|un "
    r"poco|algo)\s+)*(?:morados|azules|grises|moraditos)\b",
    r"\b(?:se (?:esta|puso|pone|ha puesto) |esta |se ve |la veo |lo veo )(?:toda |todo |muy )?"
    r"(?:morad[oa]|azul|gris)\b",
    # Seizures now (not "puede causar convulsiones", a question; not "de niña", the past).
    r"\b[ck]o[mn][bv]ul[sc]ionando\b",
    r"\b[ck]o[mn][bv]ul[sc]ion(?:o|a)\b(?![^.!?]{0,30}\b" + HISTORY_ES + r")",
    r"\b(?:tiene|tengo|tuvo|tuve|le da|me da|le dio|me dio|le esta dando|me esta dando|esta "
    r"teniendo|estoy teniendo|le acaba de dar|acaba de tener|empezo con) (?:una |un |unas )?"
    r"(?:[ck]o[mn][bv]ul[sc]ion(?:es)?|crisis convulsivas?|ataques? epileptic[oa]s?|ataques? "
    r"convulsiv[oa]s?|seizures?)\b(?![^.!?]{0,30}\b(?:" + HISTORY_ES + r"|desde (?:nina|nino|"
    r"chica|pequena|hace anos)))",
    # Consciousness.
    r"\bme (?:desma(?:y|ll)e|he desma(?:y|ll)ado|estoy desma(?:y|ll)ando)\b",
    r"\bse (?:desma(?:y|ll)o|ha desma(?:y|ll)ado|esta desma(?:y|ll)ando)\b",
    r"\b(?:esta|quedo|estaba) desma(?:y|ll)ad[oa]\b",
    r"\b(?:tuvo|tuve|le dio|me dio) un desma(?:y|ll)o\b",
    r"\b(?:perdio|perdi|ha perdido|he perdido) el (?:conocimiento|sentido)\b",
    r"\b(?:esta|quedo|estaba|sigue) inconsciente\b",
    r"\bno (?:me |nos )?(?:responde|reacciona)\b(?! (?:a |al |el |la |los |las |mis |mi |tus |"
    r"sus |bien|mensajes|llamadas|correos|whatsapp|textos))",
    r"\bno (?:la |lo )?(?:puedo|podemos|logro|logramos|pude|pudimos) despertar(?:la|lo)?\b",
    r"\bno (?:se )?despierta" + END_ES,
    # Chest pain, heart attack and stroke ("pecho" is also the breast: see the judgement calls).
    r"\bdolor (?:\w+ )?(?:en el|de|del) pecho\b[^.!?]{0,25}\b" + SEVERE_ES + r"\b",
    r"\b" + SEVERE_ES + r" dolor (?:\w+ )?(?:en el|de|del) pecho\b",
    r"\bdolor (?:muy )?" + SEVERE_ES + r" (?:en el|de|del) pecho\b",
    r"\b(?:tengo|tiene|siento|siente|me dio|le dio|me da|le da|con|estoy con|esta con) (?:un |"
    r"mucho |unos )?dolor(?:es)? (?:en el|de|del) pecho\b(?![^.!?]{0,40}\b(?:cicatriz|"
    r"operaron|cirugia|operacion|mastectomia|semanas|meses|anos|radioterapia|radiacion)\b)",
    r"\bme (?:duele|esta doliendo) (?:mucho |muchisimo |horrible |demasiado )(?:el )?pecho\b"
    r"(?![^.!?]{0,40}\b(?:cicatriz|operaron|cirugia|operacion|mastectomia|semanas|meses|anos|"
    r"radioterapia|radiacion)\b)",
    r"\b(?:me|le) (?:aprieta|oprime|esta apretando) (?:mucho )?el pecho\b",
    r"\b(?:opresion|presion) (?:fuerte )?en el pecho\b",
    r"\b(?:teniendo|le esta dando|me esta dando|creo que (?:es|tiene|tengo|le dio|me dio|esta "
    r"teniendo|le esta dando)|le dio|me dio|le acaba de dar|esta teniendo|estoy teniendo) (?:un |"
    r"una )?(?:infarto|ataque al corazon|ataque cardiaco|paro cardiaco|paro|derrame cerebral|"
    r"derrame(?! (?:pleural|pericardico|en el pulmon|de liquido))|embolia|ictus|accidente "
    r"cerebrovascular)\b(?![^.!?]{0,30}\b" + HISTORY_ES + r")",
    r"\b(?:el )?peor dolor de cabeza de (?:mi|su) vida\b",
    # Stroke signs: a drooping face, slurred speech, weakness on one side.
    r"\bse (?:le|me) (?:cayo|cae|esta cayendo|callo|ha caido|fue de lado|torcio|ladeo|paralizo|"
    r"durmio) (?:la cara|la boca|el labio|media cara|un lado de la cara|la mitad de la cara|el "
    r"parpado)\b(?! de (?:verguenza|pena))",
    r"\b(?:tiene|tengo|con) (?:la cara|la boca|media cara|un lado de la cara|la sonrisa|el labio)"
    r" (?:caida|torcida|chueca|de lado|ladeada|paralizada|dormida|colgando|caido|torcido)\b",
    r"\b(?:la cara|la boca|media cara|la sonrisa) (?:se le |se me )?(?:cayo|torcio|ladeo|paralizo"
    r"|ve torcida|ve caida|esta caida|esta torcida|esta chueca)\b(?! de (?:verguenza|pena))",
    r"\bse (?:le|me) (?:ve|nota) (?:la cara|la boca|media cara|la sonrisa) (?:muy |como )?(?:caida|"
    r"torcida|chueca|de lado|ladeada|paralizada)\b",
    r"\bhabla (?:muy )?(?:raro|rara|extrano|extrana|trabado|trabada|enredado|enredada|mocho)\b"
    r"[^.!?]{0,30}\b" + SUDDEN_ES + r"|\b" + SUDDEN_ES + r"\b[^.!?]{0,30}\bhabla (?:muy )?(?:raro|"
    r"rara|extrano|extrana|trabado|trabada|enredado|enredada|mocho)\b",
    r"\b(?:arrastra|arrastrando|arrastrar) las palabras\b|\bhabla (?:muy )?arrastrad[oa]\b",
    r"\b" + SUDDEN_ES + r"\b[^.!?]{0,40}\bno (?:puede|puedo|pudo|podia) (?:hablar|articular|"
    r"decir nada|caminar|pararse|levantarse|mover\w*)\b",
    r"\bno (?:puede|puedo|pudo|podia) (?:hablar|articular|decir nada|caminar|pararse|levantarse)"
    r"\b[^.!?]{0,40}\b" + SUDDEN_ES,
    r"(?<!\bya )(?<!\bcasi )\bno (?:puede|pudo) hablar(?: bien| nada)?(?=\s*(?:$|[.!?,;]|\b(?:y"
    r"|ni|tiene|se le)\b))",
    r"\bno le salen las palabras\b[^.!?]{0,40}\b"
    + SUDDEN_ES
    + r"|\b"
    + SUDDEN_ES
    + r"\b[^.!?]{0,40}\bno le salen las palabras\b",
    r"\bdebilidad (?:\w+ )?(?:de|en|del) (?:un lado|el lado (?:izquierdo|derecho)|medio cuerpo|"
    r"la mitad del cuerpo|un brazo|una pierna)\b",
    r"\b(?:un lado|el lado (?:izquierdo|derecho)|la mitad|medio cuerpo) (?:del cuerpo |de la cara"
    r" )?(?:(?:se le|se me|esta|lo tiene|lo tengo|muy|completamente)\s+)*(?:dormid[oa]|"
    r"entumid[oa]|paralizad[oa]|debil|adormecid[oa]|sin fuerza|durmio|paralizo)\b",
    r"\bno (?:puede|puedo|pudo) mover (?:un lado|el lado (?:izquierdo|derecho)|la mitad del "
    r"cuerpo|medio cuerpo)\b",
    r"\b" + SUDDEN_ES + r"\b[^.!?]{0,40}\b(?:no (?:puede|puedo) (?:mover|sentir|levantar)|no "
    r"siento|no siente|perdio la fuerza (?:de|del|en)|perdi la fuerza (?:de|del|en)|se (?:le|me) "
    r"durmio) (?:el |la |los |las |mi |su )?(?:brazo|pierna|mano|pie|cara|lado)\b",
    r"\b(?:no (?:puede|puedo) (?:mover|sentir|levantar)|no siento|no siente|perdio la fuerza "
    r"(?:de|del|en)|perdi la fuerza (?:de|del|en)|se (?:le|me) durmio) (?:el |la |los |las |mi |"
    r"su )?(?:brazo|pierna|mano|pie|cara|lado)\b[^.!?]{0,40}\b" + SUDDEN_ES,
    # Legs that fail at once (spinal cord compression).
    r"\b(?:brazo|pierna|mano|pie|lado)\b[^.!?]{0,20}\bno (?:lo|la|le) (?:puede|puedo|siente|"
    r"siento)\b[^.!?]{0,30}\b" + SUDDEN_ES + r"|\b" + SUDDEN_ES + r"\b[^.!?]{0,30}\b(?:brazo|"
    r"pierna|mano|pie|lado)\b[^.!?]{0,20}\bno (?:lo|la|le) (?:puede|puedo|siente|siento)\b",
    r"\bno (?:puedo|puede|pude|pudo) (?:mover|sentir) (?:las|mis|sus|ambas) piernas\b",
    r"\bno (?:siento|siente) (?:las|mis|sus|ambas) piernas\b",
    r"\blas piernas no (?:me|le) responden\b",
    # Coughing or vomiting blood.
    r"\b(?:tos(?:o|e|iendo|io|i|en|ia)|[bv]omit(?:o|a|e|i|ando|ado|io|aron|an|ar)|escup(?:o|e|"
    r"iendo|io|i|en)|devolv(?:io|i|iendo)|devuelve|devuelvo|arroj(?:o|a|ando)|echando) (?:(?:mucha"
    r"|bastante|un poco de|poca|algo de|pura|puro|como|coagulos de|rojo|roja|fresca|con)\s+)*"
    r"(?:sangre|blood|coagulos)\b",
    r"\btos con sangre\b|\b(?:flemas?|esputo|saliva|vomito) con sangre\b",
    r"\bsangre en (?:el|su|mi|la|las) (?:vomito|tos|flemas?|esputo|saliva)\b",
    r"\bsangre al (?:toser|vomitar|escupir)\b",
    r"\b(?:vomito|vomita|vomitando|vomitos) (?:\w+ )?(?:como|parecido a|tipo|que parece)"
    r" (?:cafe molido|posos de cafe|borra de cafe|cafe)\b",
    r"\bvomito (?:\w+ )?parece (?:cafe molido|posos de cafe|borra de cafe)\b",
    # Bleeding that will not stop.
    r"\b(?:sangrado|sangre|hemorragia|sangrando|sangra|sangrar)\b[^.!?]{0,50}\bno (?:para|paraba|"
    r"se detiene|se para|se quita|se corta|deja de|ha parado|ha dejado|se detenia|quiere parar|se"
    r" (?:le|me) (?:para|detiene|quita))\b",
    r"\bno (?:para|deja|paro|dejo|ha parado|ha dejado|puede parar|puedo parar|logro parar|"
    r"logramos parar|podemos parar) de sangrar\b",
    r"\bsangr(?:ando|a|o) (?:mucho|muchisimo|un monton|demasiado|sin parar|a chorros|bastante|"
    r"horrible)\b",
    r"\b(?:hay|sale|salio|esta saliendo|perdiendo|perdio|perdi|estoy perdiendo|esta perdiendo) "
    r"(?:mucha|muchisima|demasiada|tanta|un monton de) sangre\b",
    r"\bsangre por todos lados\b|\bsangre por todas partes\b",
    r"\b(?:tengo|tiene|esta teniendo|estoy teniendo|le dio|me dio|le esta dando) (?:una )?"
    r"hemorragia\b",
    r"\bempap(?:a|o|ando|e|amos)\b[^.!?]{0,30}\b(?:toalla|toallas|compresa|compresas|gasa|gasas|"
    r"venda|vendas|sabanas?)\b[^.!?]{0,20}\b(?:cada|en (?:una|media) hora|minutos)\b",
    # Severe allergic reaction.
    r"\bse (?:me|le) (?:esta )?(?:cierra|cerrando|cerro) la garganta\b",
    r"\bse (?:me|le) (?:esta |estan )?(?:hinch\w*|inflam\w*) (?:la lengua|los labios|la "
    r"garganta|la cara|los ojos)\b",
    r"\b(?:lengua|labios|garganta) (?:muy |toda |todos )?(?:hinchad[oa]s?|inflamad[oa]s?)\b"
    r"(?! (?:desde hace|hace) (?:dias|semanas|meses))",
    r"\b(?:tengo|tiene|esta teniendo|estoy teniendo|le dio|me dio|le esta dando|me esta dando) "
    r"(?:una )?(?:reaccion alergica|reaccion anafilactica|anafilaxia|choque anafilactico|shock "
    r"anafilactico)\b",
    r"\b(?:choque|shock) anafilactico\b",
    # Asking for help now.
    r"\b(?:llam(?:a|en|e|o|ar|amos|ando)|necesito|necesitamos|manden|mande|pidan|pidele) (?:a )?"
    r"(?:una |la )?ambulancia\b",
    r"\bllam(?:a|en|e|o|ar|amos|ando) (?:al )?911\b",
    r"^\W*(?:esto es una |es una )?emergencia\W*$",
    r"\b(?:tengo|tenemos) una emergencia\b",
)

# A general question about a symptom ("¿la falta de aire es un síntoma?", "¿el cáncer de mama
# metastásico puede causar convulsiones?"): a sentence that opens with "¿", a question word, an
# article or an infinitive ("toser sangre es normal?"), asks about signs, symptoms, side effects or
# causes, and names no person who has it ("tose sangre, ¿es normal?" does: the verb says so).
# A report without a pronoun: "no lo puede mover", "se le cayó", "está vomitando", "ayer tosió".
REPORTED_ES = (
    r"\b(?:no (?:lo |la )?(?:puede|puedo)|se (?:le|me)|esta \w+(?:ando|iendo)|acaba de|ayer|anoche|"
    r"hoy|esta manana|ahorita|desde hace|tose|tosio|tosi|toso|vomita|vomitaba|vomite|escupe|"
    r"escupio|sangra|sangro|sangraba|convulsiona|convulsiono|respira)\b"
)
GENERAL_QUESTION_ES = (
    r"(?:^|(?<=[.!?\n])|(?=¿))\s*(?![^.!?\n]*(?:" + PERSON_ES + r"|" + REPORTED_ES + r"))"
    r"(?=[^.!?\n]*\b(?:sintomas?|signos?|"
    r"senal(?:es)?|efectos? (?:secundarios?|adversos?)|causa[rn]?|causas|provoca[rn]?|produce[n]?"
    r"|producir|significa\w*|normal(?:es)?|comun(?:es)?|frecuentes?|riesgos?|peligros[oa]s?|"
    r"graves?|se considera|indica[n]?|relacionad[oa]s?|tiene que ver)\b)(?:¿|(?=(?:es|son|puede|"
    r"pueden|podria|podrian|que|cual|cuales|como|cuando|cuanto|cuanta|cuantos|cuantas|sera|hay|"
    r"existe|existen|debo|deberia|el|la|los|las|un|una|tener|sentir|\w+(?:ar|er|ir))\b))"
    r"[^.!?\n]*"
)
# "si tengo fiebre", "¿qué hago si le da una convulsión?", "en caso de que sangre": not now.
CONDITIONAL_ES = (
    r"\b(?:si|en caso de que|en caso de|cuando|por si|y si)\s+(?:(?:yo|ella|el|me|le|se|te|a|"
    r"llega a|llegara a|de repente|algun dia|alguna vez|otra vez|nuevamente|(?:mi|su) \w+)\s+)*"
    r"(?:tengo|tiene|tuviera|tuviese|tenga|tengas|da|diera|dan|sube|subiera|suba|empiezo|empieza|"
    r"empezara|comienza|noto|nota|presento|presenta|siento|siente|aparece|aparecen|vuelve|pongo|"
    r"pone|pusiera|hay|convulsiona|sangra|vomita|desmaya|falta|cuesta)\b[^.!?,;]*"
)
# Blood tests and counts: "el azúcar en la sangre no para de subir".
BLOOD_TESTS_ES = (
    r"\b(?:azucar|presion|glucosa|calcio|plaquetas|globulos \w+|niveles?|analisis|examen(?:es)?|"
    r"estudios?|conteo|marcadores?|hemoglobina|transfusion(?:es)?) (?:en|de) (?:la )?sangre\b"
)
# A seizure or stroke that is history: "le dio un derrame hace años", "convulsiones de niña".
HISTORY_EVENT_ES = (
    r"\b(?:tuvo|tuve|le dio|me dio|tenia|tengo|tiene)\b[^.!?]{0,40}\b(?:convulsion\w*|derrame|"
    r"infarto|ataque\w*|embolia)\b[^.!?]{0,30}\b" + HISTORY_ES
)

EMERGENCY_EXCEPTIONS_ES: tuple[str, ...] = (
    GENERAL_QUESTION_ES,
    CONDITIONAL_ES,
    BLOOD_TESTS_ES,
    HISTORY_EVENT_ES,
)

# Someone has it: "tengo", "mi mamá tiene", "le subió", "amaneció con", ... (not "no tengo").
HAS_ES = (
    r"(?<!\bno )(?<!\bnunca )(?<!\bni )\b(?:tengo|tiene|tenemos|tienen|tuve|tuvo|me dio|le dio|"
    r"me ha dado|le ha dado|me da|le da|"
    r"me subio|le subio|me sube|le sube|me esta dando|le esta dando|estoy con|esta con|anda con|"
    r"ando con|amaneci con|amanecio con|me empezo|le empezo|presenta|presento|tengo algo de|"
    r"tiene algo de|sigo con|sigue con|con)"
)
TEMP_C_ES = r"(?:3[89]|4[0-2])(?:[.,]\d+)?"
TEMP_F_ES = r"(?:100[.,][4-9]\d*|10[1-9](?:[.,]\d+)?|11[0-2](?:[.,]\d+)?)"
# A temperature, not an age or a dose: "38.5", "39,2 grados", "101 F"; not "38 años", "40 mg".
TEMP_ES = (
    r"(?<![\d.,])(?:" + TEMP_F_ES + r"|" + TEMP_C_ES + r")(?![\d])(?!\s*(?:anos|ano|an|semanas|"
    r"dias|meses|kilos|kg|libras|lbs|mg|ml|pastillas|horas|minutos|ciclos|sesiones|%|veces|"
    r"personas|mujeres|cm|mm))(?:\s*(?:°\s*[cf]?\b|°|(?:grados|c|f|centigrados|celsius|"
    r"fahrenheit|y medio)\b))?"
)
FEVER_ES = r"(?:fiebre|fiebres|calentura|temperatura|febricula|fever|temp)"
# A fever that is over: "tuve fiebre la semana pasada pero ya se me quitó".
FEVER_GONE_ES = (
    r"\b(?:tuve|tuvo|tenia)\b[^.!?]{0,30}\b(?:fiebre|calentura|temperatura)\b[^.!?]*\b(?:la "
    r"semana pasada|el mes pasado|hace (?:\w+ )?(?:dias|semanas|meses|anos)|ya (?:se (?:me|le) "
    r"quito|paso|no tengo|no tiene|se fue|bajo)|en (?:19|20)\d\d|de (?:nina|nino|chica))\b"
)
# Confused about something ("confundida con el seguro"), or children puzzled by a diagnosis.
NOT_DELIRIUM_ES = (
    r"\b(?:mis|mi|sus|su) (?:hij[oa]s?|niet[oa]s?|nin[oa]s?|chiquit\w+)\b[^.!?]*?\b"
    r"confundid[oa]s?\b"
)

URGENT_PATTERNS_ES: tuple[str, ...] = (
    # A fever someone has now (the past and "37.5" are not).
    HAS_ES + r" (?:(?:un poco de|mucha|algo de|una|un|la|de nuevo|otra vez|alta|muy alta|fuerte)"
    r" )*" + FEVER_ES + r"\b(?! (?:normal|baja|bien|de (?:3[0-7]|9\d)\b|(?:en|de) (?:el|los|la) "
    r"(?:labio|labios|boca|nariz)))(?! " + IN_SENTENCE + r"{0,30}\b(?:la semana pasada|el mes "
    r"pasado|hace (?:\w+ )?(?:semanas|meses|anos)|de (?:nina|nino|chica))\b)",
    r"\b(?:estoy|esta|anda|ando|la siento|lo siento|me siento|se siente) (?:muy |bien |un poco |"
    r"algo |toda |todo )?(?:afiebrad[oa]|febril|ardiendo en fiebre|con fiebre|calenturient[oa])\b",
    HAS_ES + r" " + TEMP_ES + r"(?:\s*de (?:fiebre|temperatura|temp|calentura))?(?:"
    r"\s*(?:de (?:fiebre|temperatura|temp|calentura)|grados)|\s*(?:$|[.!?,;]|\b(?:desde|hace|pero|"
    r"y (?:escalofrios|temblores|estoy|sigo|no (?:me |le )?baja|me siento))\b))",
    r"\b(?:fiebre|temperatura|calentura|temp|termometro)\b" + IN_SENTENCE + r"{0,30}?\b(?:de|en|"
    r"marca|marco|dice|dijo|llego a|llega a|subio a|sube a|esta en|estaba en|:)\s*" + TEMP_ES,
    TEMP_ES + r"\s*de (?:fiebre|temperatura|calentura)\b",
    r"\b(?:fiebre|calentura|temperatura|temp)\s*:?\s*" + TEMP_ES,
    r"\bno (?:se )?(?:me |le )?(?:baja|quita|cede|para) la (?:fiebre|calentura|temperatura)\b",
    r"\bla (?:fiebre|calentura|temperatura) no (?:me |le )?(?:baja|cede|se (?:me |le )?quita|"
    r"para)\b",
    # A message that opens with the symptom: "fiebre durante la quimio", "fiebre y escalofríos".
    r"^\W*(?:(?:mucha|alta|un poco de) )?(?:fiebre|calentura)(?: alta)?(?: y| con|,)? (?:de "
    r"\d|y escalofrios|con escalofrios|escalofrios|durante|en (?:la )?(?:quimio|chemo)|con (?:la "
    r")?(?:quimio|chemo)|y (?:la )?(?:quimio|chemo)|desde|que no baja|otra vez|de nuevo)",
    r"\b(?:escalofrios|temblores|tiritando|tiritona)\b[^.!?]{0,40}\b(?:fiebre|calentura|"
    r"temperatura|ardiendo)\b",
    HAS_ES + r" (?:unos )?(?:escalofrios (?:muy )?(?:fuertes|intensos|que no paran|"
    r"incontrolables)|temblores incontrolables)\b",
    # Yellow skin or eyes.
    r"\b(?:tengo|tiene|con|se (?:le|me) (?:pusieron|ven|estan poniendo)|le veo|(?:mi|su) \w+ "
    r"tiene) (?:los )?ojos (?:(?:muy|bien|un poco|algo|medio|como)\s+)*amarill\w*\b",
    r"\b(?:los )?ojos (?:se (?:le|me) )?(?:(?:estan|se ven|se pusieron|se estan poniendo|se ponen|"
    r"muy|bien|un poco|algo|medio|como)\s+)*amarill\w*\b(?! (?:es|son|puede|significa))",
    r"\b(?:la |mi |su )?piel (?:se (?:le|me) )?(?:(?:esta|se ve|se puso|se esta poniendo|muy|"
    r"bien|un poco|algo|medio|como|toda)\s+)*amarill\w*\b",
    r"\b(?:se (?:esta )?(?:pone|puso|poniendo|volviendo|ve)|(?:la|lo) (?:veo|vi|noto|note)|me veo|"
    r"estoy|(?:mi|su) " + RELATIVE_ES + r" (?:esta|se ve)) (?:(?:muy|bien|toda|todo|un poco|algo|"
    r"medio|como|mas)\s+)*(?:amarill[oa]|icteric[oa])\b",
    HAS_ES + r" ictericia\b",
    # New confusion (delirium) in someone they care for; sudden in oneself.
    r"\b(?:esta|estaba|se ve|se nota|anda|la veo|lo veo|la noto|lo noto|se puso|se esta poniendo|"
    r"parece|amanecio|desperto)(?: (?:muy|bien|super|mas|algo|un poco|como|toda|todo|"
    r"repentinamente|totalmente|medio|rara y|raro y|rara,|raro,|desde (?:hoy|ayer|anoche|esta "
    r"manana)|" + SUDDEN_ES + r"))* (?:confundid[oa]|desorientad[oa]|delirando|alucinando|"
    r"incoherente)\b(?! (?:con|sobre|por|acerca|de|respecto|en cuanto|en|entre)\b)",
    r"\b" + SUDDEN_ES + r" (?:estoy|me siento|me senti|me puse) (?:muy |bien |super )?"
    r"(?:confundid[oa]|desorientad[oa])\b",
    r"\b(?:estoy|me siento) (?:muy |bien |super )?(?:desorientad[oa]|delirando)\b",
    HAS_ES + r" (?:mucha |nueva |una )?(?:confusion|desorientacion|delirio)\b(?! (?:sobre|con|"
    r"acerca|respecto|por|de|en cuanto)\b)",
    r"\b(?:confusion|desorientacion) (?:nueva|repentina|de repente)\b|\b(?:nueva|repentina) "
    r"(?:confusion|desorientacion)\b",
    r"\bno (?:sabe|reconoce) (?:ni )?(?:donde esta|donde estamos|quien soy|quien es|que dia es|"
    r"en que dia estamos|a nadie|a sus hij\w+|a su familia)" + END_ES,
    r"\bno me reconoce(?=\s*(?:$|[.,!?;]|\b(?:y|ni|mi|su|ya|a|ni)\b))",
    r"\b(?:dice|habla) (?:puras )?(?:cosas sin sentido|incoherencias|disparates)\b",
    r"\bve (?:cosas|gente|personas|bichos) que no (?:estan|existen|hay)\b",
    # New or sudden severe pain ("me está matando la espalda" alone is not new).
    r"\bdolor (?:\w+ ){0,3}?" + SEVERE_ES + r"\b[^.!?]{0,30}\b(?:nuevo|repentino|de repente|"
    r"que nunca (?:habia|habia tenido|tuve))\b",
    r"\bdolor (?:\w+ ){0,3}?(?:nuevo|repentino) (?:y )?(?:muy )?" + SEVERE_ES + r"\b",
    r"\b(?:nuevo|repentino) dolor (?:\w+ ){0,3}?" + SEVERE_ES + r"\b",
    r"\b" + SUDDEN_ES + r"\b[^.!?]{0,40}\bdolor (?:\w+ ){0,3}?" + SEVERE_ES + r"\b",
    r"\bdolor (?:\w+ ){0,3}?" + SEVERE_ES + r"\b[^.!?]{0,20}\b" + SUDDEN_ES,
    r"\b(?:tengo|tiene|siento|siente|con) (?:un |mucho )?dolor (?:\w+ ){0,3}?(?:insoportable|"
    r"inaguantable|atroz|espantoso)\b",
    r"\b(?:el|su|mi) dolor (?:(?:es|esta|se volvio|se puso|ya es)\s+)+(?:insoportable|"
    r"inaguantable|atroz|fuera de control|mucho peor)\b",
    r"\b(?:no (?:aguanto|soporto|aguanta|soporta)|ya no (?:aguanto|soporto|aguanta|soporta)) "
    r"(?:mas )?(?:el|este|tanto|su) dolor\b",
    r"\bno (?:puedo|puede) mas con (?:el|este|tanto) dolor\b",
    r"\b(?:me|le) duele (?:\w+ ){0,3}?(?:mucho|muchisimo|horrible|horriblemente|demasiado|fuerte|"
    r"bien fuerte|terrible)\b[^.!?]{0,40}\b(?:nuevo|nueva|" + SUDDEN_ES + r"|nunca (?:me|le) "
    r"(?:habia|dolio))\b",
    r"\b" + SUDDEN_ES + r"\b[^.!?]{0,30}\b(?:me|le) (?:empezo a )?doler (?:\w+ ){0,3}?(?:mucho|"
    r"muchisimo|horrible|demasiado|fuerte)\b|\b" + SUDDEN_ES + r"\b[^.!?]{0,30}\b(?:me|le) duele"
    r" (?:\w+ ){0,3}?(?:mucho|muchisimo|horrible|demasiado|fuerte)\b",
    r"\bel dolor no se (?:me |le )?quita con nada\b",
    # Signs of infection during treatment.
    r"\b(?:el|mi|su|la) (?:port|puerto|reservorio|cateter|picc|herida|cicatriz|drenaje|via|"
    r"puntos|sitio de la inyeccion|incision)\b(?: (?:se (?:le|me|ve|puso|esta poniendo)|esta|"
    r"estan|se ven|muy|bien|todo|toda|y))* (?:roj[oa]s?|hinchad[oa]s?|calient\w+|infectad[oa]s?|"
    r"inflamad[oa]s?|supurando|con pus|sacando pus|supura)\b",
    r"\b(?:sale|le sale|me sale|saca|tiene|con|supura) pus\b",
    r"\b(?:el|mi|su) (?:brazo|pecho|seno|pierna) (?:esta )?(?:roj[oa] y calient\w+|calient\w+ y "
    r"roj[oa])\b",
    HAS_ES + r" (?:una )?infeccion\b",
    # Unable to keep fluids down.
    r"\bno (?:puedo|puede|retiene|retengo) (?:retener )?(?:nada|liquidos|el agua|ni el agua|la "
    r"comida|las pastillas|ni la comida)\b",
    r"\b[bv]omit(?:o|a|ando) todo lo que (?:como|come|tomo|toma|bebo|bebe)\b",
    r"\bno (?:tolera|tolero|aguanta|aguanto) ni (?:el agua|liquidos|los liquidos)\b",
)

URGENT_EXCEPTIONS_ES: tuple[str, ...] = (
    GENERAL_QUESTION_ES,
    CONDITIONAL_ES,
    FEVER_GONE_ES,
    NOT_DELIRIUM_ES,
)

SELF_HARM_INTENT = "report_self_harm"
EMERGENCY_INTENT = "report_emergency"
URGENT_INTENT = "report_urgent_symptom"

# ----------------------------------------------------------------------------------------------
# Normalisation
# ----------------------------------------------------------------------------------------------

QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
    }
)
# Words written without their apostrophe, and SMS shorthand.
SHORTHAND: dict[str, str] = {
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "cannot": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "hadnt": "hadn't",
    "aint": "ain't",
    "im": "i'm",
    "ive": "i've",
    "id": "i'd",
    "youre": "you're",
    "theyre": "they're",
    "shes": "she's",
    "hes": "he's",
    "thats": "that's",
    "whats": "what's",
    "theres": "there's",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "tryna": "trying to",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "cuz": "because",
    "coz": "because",
    "rn": "right now",
    "tmrw": "tomorrow",
    "tonite": "tonight",
    "2nite": "tonight",
    "idk": "i don't know",
    "thru": "through",
    "hubby": "husband",
    "iwant": "i want",
    "iwanna": "i want to",
    "idont": "i don't",
    "icant": "i can't",
    "ppl": "people",
}
# Spanish SMS spellings (none of them an English word): "q", "kiero", "xq", "nadien", ...
SHORTHAND_ES: dict[str, str] = {
    "q": "que",
    "k": "que",
    "ke": "que",
    "qe": "que",
    "xq": "porque",
    "xk": "porque",
    "pq": "porque",
    "porq": "porque",
    "porke": "porque",
    "kiero": "quiero",
    "qiero": "quiero",
    "kero": "quiero",
    "qero": "quiero",
    "quero": "quiero",
    "kiere": "quiere",
    "qiere": "quiere",
    "kisiera": "quisiera",
    "qisiera": "quisiera",
    "nadien": "nadie",
    "aora": "ahora",
    "orita": "ahorita",
    "aorita": "ahorita",
    "tngo": "tengo",
    "tenog": "tengo",
    "stoy": "estoy",
    "sta": "esta",
    "nesecito": "necesito",
    "nesesito": "necesito",
    "nececito": "necesito",
    "aserme": "hacerme",
    "acerme": "hacerme",
    "ise": "hice",
    "kitarme": "quitarme",
    "qitarme": "quitarme",
    "kitarse": "quitarse",
    "qitarse": "quitarse",
    "bivir": "vivir",
    "bida": "vida",
    "danio": "dano",
    "dolorr": "dolor",
}
# Two-word forms folded into one: "do not" -> "don't", "i am" -> "i'm", "don t" -> "don't".
TWO_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bcan not\b", "can't"),
    (r"\b(do|does|did|is|are|was|were|could|would|should|has|have|had) not\b", r"\1n't"),
    (r"\bwill not\b", "won't"),
    (
        r"\b(don|doesn|didn|can|won|isn|aren|wasn|weren|couldn|wouldn|shouldn|hasn|haven|hadn) t\b",
        r"\1't",
    ),
    (r"\bi am\b", "i'm"),
    (r"\bi m\b", "i'm"),
    (r"\bi ve\b", "i've"),
    (r"\b(she|he|it|that|what|there) is\b", r"\1's"),
    (r"\b(they|we|you) are\b", r"\1're"),
    (r"\bi have been\b", "i've been"),
    (r"\b(want|wants|wanted|wanting|going|ready|trying|need|about) 2 (?=[a-z])", r"\1 to "),
    (r"\bw/o\b", "without"),
    (r"\bw/", "with "),
    (r"&", " and "),
    (r"\bsewer[- ]?slides?\b", "suicide"),
    (r"\b(?:sooi?|su(?:e|ey|ie|y)?)-?sides?\b", "suicide"),
    (r"\bself[- ]?delet(?:e|ing|ed)\b", "self-delete"),
    (r"\bun[- ]alive\b", "unalive"),
    (r"\bo\.d\.?(?=\s|$)", "od"),
    # Spanish.
    (r"\bsobre[- ]dosis\b", "sobredosis"),
    (r"\bde? ?r?repente\b", "de repente"),
    (r"\bauto[- ]?(lesion|lastim)", r"auto\1"),
)
# Words whose stretched spellings ("diee", "kiill", "pleasee") are put back (see _restretch).
KEYWORDS: tuple[str, ...] = (
    "die",
    "dead",
    "death",
    "kill",
    "killing",
    "myself",
    "herself",
    "himself",
    "suicide",
    "suicidal",
    "want",
    "live",
    "living",
    "alive",
    "life",
    "end",
    "please",
    "help",
    "pills",
    "overdose",
    "anymore",
    "breathe",
    "blood",
    "bleeding",
    "seizure",
    "fever",
    "yellow",
    "confused",
    # Spanish ("morirmeee", "fiebreee", "noo").
    "no",
    "muy",
    "morir",
    "morirme",
    "muerta",
    "muerto",
    "matarme",
    "vivir",
    "vida",
    "pastillas",
    "sangre",
    "fiebre",
    "respirar",
    "aire",
    "ayuda",
    "dolor",
)
SUICIDE_WORDS: tuple[str, ...] = ("suicide", "suicides", "suicidal")
# A misspelling needs 6 letters and a similarity of 80 (rapidfuzz ratio): "sucide" (92), "suiside"
# (86), "suicidle" (88) are corrected, "suited" (62), "subside" (71), "homicide" (67) are not.
SUICIDE_MIN_LENGTH = 6
SUICIDE_CUTOFF = 80.0
# Spanish needs 85 and the first two letters: "suisidio" (88), "sucidarme" (95), "suizidio" (88)
# are corrected, "sucedio" ("it happened", 80 to "suicidio"), "suciedad" (80) and "cuidar" (86 to
# "suicidar") are not.
SUICIDE_WORDS_ES: tuple[str, ...] = (
    "suicidar",
    "suicidio",
    "suicidios",
    "suicida",
    "suicidas",
    "suicidarme",
    "suicidarse",
    "suicidarte",
)
SUICIDE_CUTOFF_ES = 85.0
# Each word's cutoff, its language's.
SUICIDE_CUTOFFS: dict[str, float] = {
    **dict.fromkeys(SUICIDE_WORDS, SUICIDE_CUTOFF),
    **dict.fromkeys(SUICIDE_WORDS_ES, SUICIDE_CUTOFF_ES),
}
LEET = str.maketrans(
    {"1": "i", "!": "i", "3": "e", "0": "o", "4": "a", "@": "a", "$": "s", "5": "s"}
)
# "38º" is how many Spanish speakers write a temperature (NFKC would make the º an "o").
DEGREES = str.maketrans({"\u00ba": "\u00b0"})


def _skeleton(word: str) -> str:
    """The word with each run of a repeated letter written once ("killl" -> "kil")."""
    return re.sub(r"(.)\1+", r"\1", word)


SKELETONS: dict[str, str] = {_skeleton(word): word for word in KEYWORDS}


def _correct(token: str) -> str:
    """One word, with shorthand expanded and crisis words spelled right."""
    if token in SHORTHAND:
        return SHORTHAND[token]
    if token in SHORTHAND_ES:
        return SHORTHAND_ES[token]
    if not token.isalpha():
        leet = token.translate(LEET)
        if leet.isalpha() and leet != token:
            fixed = _correct(leet)
            return fixed if fixed != leet or leet in KEYWORDS else token
        return token
    if token in KEYWORDS:
        return token
    if re.search(r"(.)\1", token) and _skeleton(token) in SKELETONS:
        return SKELETONS[_skeleton(token)]
    if len(token) >= SUICIDE_MIN_LENGTH:
        # The closest word whose language's cutoff the similarity reaches, best first.
        for word, score, _ in process.extract(
            token,
            SUICIDE_WORDS + (SUICIDE_WORDS_ES if token.startswith("su") else ()),
            scorer=fuzz.ratio,
            score_cutoff=min(SUICIDE_CUTOFFS.values()),
            limit=None,
        ):
            if score >= SUICIDE_CUTOFFS[word]:
                return word
    return token


def strip_accents(text: str) -> str:
    """The text without diacritics: "está" -> "esta", "daño" -> "dano", "fiancée" -> "fiancee"."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", kept)


def normalise_text(text: str) -> str:
    """Fold a message into the plain form the patterns are written for.

    Unicode compatibility forms, lower case, ASCII quotes and dashes, no accents ("está" -> "esta");
    letters stretched past two ("pleeease" -> "pleease") and stretched key words ("diee" -> "die");
    contractions without an apostrophe ("dont", "im") or spelled out ("do not", "i am"); SMS
    shorthand ("wanna", "u", "kiero", "xq"); misspellings and euphemisms of "suicide" and
    "suicidio"; single spaces.
    """
    text = unicodedata.normalize("NFKC", text.translate(DEGREES)).translate(QUOTES)
    text = strip_accents(text).lower()
    text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)
    text = re.sub(r"[a-z0-9@$!']+", lambda word: _correct(word.group()), text)
    for pattern, replacement in TWO_WORDS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


# ----------------------------------------------------------------------------------------------
# The component
# ----------------------------------------------------------------------------------------------


def compile_patterns(patterns: Iterable[str]) -> re.Pattern[str]:
    """Join patterns into one case-insensitive regular expression (never matching if empty)."""
    joined = "|".join(f"(?:{pattern})" for pattern in patterns)
    return re.compile(joined or r"(?!)", re.IGNORECASE)


class Rule:
    """One category: its intent, the exceptions masked first and the patterns searched then."""

    def __init__(self, intent: str, patterns: Iterable[str], exceptions: Iterable[str]) -> None:
        """Compiles the patterns and exceptions."""
        self.intent = intent
        self.pattern = compile_patterns(patterns)
        self.exceptions = compile_patterns(exceptions)

    def matches(self, text: str) -> bool:
        """Whether the normalised text, its exceptions masked, matches a pattern."""
        return bool(self.pattern.search(self.exceptions.sub(" _ ", text)))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyNet(GraphComponent, IntentClassifier):
    """Forces the safety intents when a message matches a safety pattern."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The patterns, their exceptions and the intents they lead to (overridable)."""
        return {
            "self_harm_intent": SELF_HARM_INTENT,
            "self_harm_patterns": [*SELF_HARM_PATTERNS, *SELF_HARM_PATTERNS_ES],
            "self_harm_exceptions": [*SELF_HARM_EXCEPTIONS, *SELF_HARM_EXCEPTIONS_ES],
            "emergency_intent": EMERGENCY_INTENT,
            "emergency_patterns": [*EMERGENCY_PATTERNS, *EMERGENCY_PATTERNS_ES],
            "emergency_exceptions": [*EMERGENCY_EXCEPTIONS, *EMERGENCY_EXCEPTIONS_ES],
            "urgent_intent": URGENT_INTENT,
            "urgent_patterns": [*URGENT_PATTERNS, *URGENT_PATTERNS_ES],
            "urgent_exceptions": [*URGENT_EXCEPTIONS, *URGENT_EXCEPTIONS_ES],
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Compiles the configured categories: self-harm, then emergency, then urgent."""
        config = {**self.get_default_config(), **config}
        self._rules = [
            Rule(config[f"{name}_intent"], config[f"{name}_patterns"], config[f"{name}_exceptions"])
            for name in ("self_harm", "emergency", "urgent")
        ]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        """Creates the component from its configuration."""
        return cls({**cls.get_default_config(), **config})

    def match(self, text: str) -> str | None:
        """Return the safety intent a text calls for, or None."""
        text = normalise_text(text)
        for rule in self._rules:
            if rule.matches(text):
                return rule.intent
        return None

    def process(self, messages: list[Message]) -> list[Message]:
        """Overrides the predicted intent of messages that match a safety pattern."""
        for message in messages:
            intent = self.match(message.get(TEXT) or "")
            if intent is None:
                continue
            forced = {INTENT_NAME_KEY: intent, "confidence": 1.0}
            message.set(INTENT, forced, add_to_output=True)
            ranking = [
                entry
                for entry in message.get(INTENT_RANKING_KEY) or []
                if entry.get(INTENT_NAME_KEY) != intent
            ]
            message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        return messages
