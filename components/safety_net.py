"""A deterministic safety net over the statistical intent classifier.

Messages about suicide or self-harm, emergencies happening now and urgent symptoms during treatment
must reach their answers (988, 911, "call your care team now") whatever DIET predicts. This
component runs last in the NLU pipeline and, when one of its patterns matches, sets the intent to
``report_self_harm``, ``report_emergency`` or ``report_urgent_symptom`` with confidence 1.0. The
categories are tried in that order: the self-harm answer also names 911, and an emergency outranks
an urgent symptom.

The text is normalised first (see :func:`normalise_text`): lower case, ASCII quotes, contractions
with or without their apostrophe, SMS shorthand, stretched letters ("diee") and misspellings of
"suicide" (rapidfuzz). Each category then masks its exceptions (phrases that look like a match but
are not, such as "I don't want to die" or "I fell and hurt myself") and searches its patterns.

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
)
SUICIDE_WORDS: tuple[str, ...] = ("suicide", "suicides", "suicidal")
# A misspelling needs 6 letters and a similarity of 80 (rapidfuzz ratio): "sucide" (92), "suiside"
# (86), "suicidle" (88) are corrected, "suited" (62), "subside" (71), "homicide" (67) are not.
SUICIDE_MIN_LENGTH = 6
SUICIDE_CUTOFF = 80.0
LEET = str.maketrans(
    {"1": "i", "!": "i", "3": "e", "0": "o", "4": "a", "@": "a", "$": "s", "5": "s"}
)


def _skeleton(word: str) -> str:
    """The word with each run of a repeated letter written once ("killl" -> "kil")."""
    return re.sub(r"(.)\1+", r"\1", word)


SKELETONS: dict[str, str] = {_skeleton(word): word for word in KEYWORDS}


def _correct(token: str) -> str:
    """One word, with shorthand expanded and crisis words spelled right."""
    if token in SHORTHAND:
        return SHORTHAND[token]
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
        best = process.extractOne(
            token, SUICIDE_WORDS, scorer=fuzz.ratio, score_cutoff=SUICIDE_CUTOFF
        )
        if best is not None:
            return best[0]
    return token


def normalise_text(text: str) -> str:
    """Fold a message into the plain form the patterns are written for.

    Unicode compatibility forms, lower case, ASCII quotes and dashes; letters stretched past two
    ("pleeease" -> "pleease") and stretched key words ("diee" -> "die"); contractions without an
    apostrophe ("dont", "im") or spelled out ("do not", "i am"); SMS shorthand ("wanna", "u");
    misspellings and euphemisms of "suicide"; single spaces.
    """
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).lower()
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
            "self_harm_patterns": list(SELF_HARM_PATTERNS),
            "self_harm_exceptions": list(SELF_HARM_EXCEPTIONS),
            "emergency_intent": EMERGENCY_INTENT,
            "emergency_patterns": list(EMERGENCY_PATTERNS),
            "emergency_exceptions": list(EMERGENCY_EXCEPTIONS),
            "urgent_intent": URGENT_INTENT,
            "urgent_patterns": list(URGENT_PATTERNS),
            "urgent_exceptions": list(URGENT_EXCEPTIONS),
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
