"""The safety net sends self-harm to 988, emergencies to 911 and urgent symptoms to the care team.

Questions, figures of speech and injuries from accidents are left to the classifier.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.safety_net import SafetyNet, normalise_text

SELF_HARM_INTENT = "report_self_harm"
EMERGENCY_INTENT = "report_emergency"
URGENT_INTENT = "report_urgent_symptom"


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return SafetyNet(SafetyNet.get_default_config())


SELF_HARM = [
    "i want to kill myself",
    "I'm thinking about suicide",
    "i'm going to take my life",
    "im gonna end my life tonight",
    "i want to end it all",
    "I don't want to live anymore",
    "i just want to die",
    "everyone would be better off without me",
    "my wife says she wants to kill herself",
    "I\u2019ve been hurting myself",
    "thinking about self-harm",
    "i cut myself and it's bleeding a lot",  # self-harm wins over the emergency
    # Misspellings, euphemisms and shorthand.
    "i keep thinking about sucide",
    "im having suicidel thoughts",
    "i feel so suicidle tonight",
    "been thinking about suiside again",
    "i'm having sewerslide thoughts",
    "sometimes i think about sewer slide",
    "i want to unalive myself",
    "honestly i just want to kms",
    "thinking of su1c1de",
    "i want to diee",
    "i just wanna dieeee",
    "I DONT WANT TO LIVE",
    "i   want   to   kill    myself",
    "i dont wanna be here anymore",
    # Indirect wishes.
    "I want it all to stop",
    "i just want everything to end",
    "i don't see the point anymore",
    "i don't see any point in living",
    "there's no reason to carry on",
    "no reason to keep going",
    "i can't go on like this",
    "i cant go on",
    "i can't do this anymore, i'm done with life",
    "i'm so tired of living",
    "tired of fighting. i'm done.",
    "i'm tired of being alive",
    "i wish i wouldn't wake up tomorrow",
    "sometimes i wish i could go to sleep and not wake up",
    "i just want to go to sleep forever",
    "i want to disappear forever",
    "i'm such a burden, my family would be better off",
    "i've given up on life",
    "i want to end my suffering myself",
    "i'm ready to end things",
    "what's the point of living anymore",
    "i have nothing left to live for",
    "i've lost the will to live",
    "i might as well be dead",
    "i'd be better off dead",
    "i wish this cancer would just kill me already",
    "i don't know if i want to live anymore",
    "i want to die, i don't want to live like this",
    "i don't know why but i want to die",
    "I\u2019m thinking about ending my life",
    "i'm thinking about jumping off a bridge",
    "i hurt myself on purpose last night",
    "i want to hurt myself",
    "i have pills saved up",
    "what's the easiest way to die",
    "how do i kill myself",
    "i feel like dying",
    "i've been having dark thoughts",
    "kms",
    "i might kms tonight",
    "no one would miss me if i was gone",
    "living is pointless",
    "i want to stop existing",
    "my family would be happier if i was gone",
    "thinking about sueside",
    "iwant to die",
    "i hurt myself",  # decision: without an accident or sport, a disclosure of self-harm
    # Pills: plans, a stockpile, an overdose taken, lethal amounts.
    "i'm going to take all my pills tonight",
    "i've been stockpiling my oxycodone",
    "thinking about overdosing on my morphine",
    "i'm going to OD on my pain meds",
    "i could just swallow the whole bottle",
    "i took the whole bottle of sleeping pills",
    "i took way too many of my xanax",
    "i'm saving up my pain pills so i can end it",
    "i have enough pills to end it",
    "how many oxycodone would kill me",
    "how much morphine is an overdose",
    "what's the lethal dose of fentanyl",
    "how many pills to overdose",
    "would 30 oxycodone kill me",
    "if i take all my morphine will it kill me",
    "what is an overdose of morphine",
    "can i od on my pain meds to end it",
    # Said by a caregiver about the patient.
    "my mom says she wants to die",
    "my husband keeps saying he wants it all to be over",
    "my dad told me we'd all be better off without him",
    "she keeps talking about not wanting to live anymore",
    "my sister says she's done living",
    "my wife doesn't want to live anymore",
    # Decision: any mention of suicide outside "assisted suicide" goes to 988.
    "can you give me the suicide hotline",
    "what does suicide risk mean",
]

EMERGENCY = [
    "i can't breathe",
    "I can\u2019t breathe right now",
    "my husband just collapsed and he is not breathing",
    "he fainted and isn't responding",
    "she is having a seizure",
    "there is so much blood and it won't stop",
    "i have crushing chest pain",
    "sudden sharp chest pain",
    "my mom passed out",
    "please call an ambulance",
    "emergency!",
    "she won't wake up",
    # Coughing or vomiting blood.
    "i'm coughing up blood",
    "my mom is vomiting blood",
    "i just threw up blood",
    "he's been spitting up blood all morning",
    "there's blood in my vomit",
    "i'm coughing and there's blood",
    # Stroke signs.
    "my dad's face is drooping on one side",
    "one side of her face is drooping",
    "her speech is slurred all of a sudden",
    "he's slurring his words",
    "my left arm suddenly went numb",
    "she suddenly can't move her right leg",
    "sudden weakness on my left side",
    "i think i'm having a stroke",
    "worst headache of my life",
    # Legs that give way (spinal cord compression).
    "i can't feel my legs",
    "my legs just gave out and i can't walk",
    # Seizures now.
    "she's having a seizure right now",
    "my husband is seizing",
    "she just had a seizure and we can't wake her",
    # Bleeding.
    "i'm bleeding heavily and it won't stop",
    "i'm soaking through a pad every hour",
    # Breathing and allergic reactions.
    "her lips are turning blue",
    "she can barely breathe",
    "i cant breathe",
    "my throat is closing up",
    "my throat feels like it's swelling shut",
    "i'm having an allergic reaction to the infusion",
    "his tongue is swelling up",
    "she's in anaphylactic shock",
    "my wife is unresponsive",
    "she's having trouble breathing",
    "my mom is having chest pains",
    "she won't respond",
    "my dad is gasping",
    "she can't move her left side",
    "i can't wake my husband up",
    "she's turning blue",
]

URGENT = [
    # Fever now, during treatment.
    "i have a fever of 101 on chemo",
    "i've got a fever and i'm on chemo",
    "my temperature is 38.5",
    "my temp just hit 100.8",
    "she's running a high fever",
    "i'm feverish and shaking",
    "my fever won't go down",
    "she's burning up",
    "the thermometer says 39.2, what do i do",
    # Chills with fever.
    "i have chills and a fever",
    "i have shaking chills",
    # Yellow skin or eyes.
    "my mom's eyes look yellow",
    "my skin is turning yellow",
    "he looks yellow",
    "the whites of my eyes are yellowish",
    "i think i have jaundice",
    # New confusion.
    "she's suddenly confused",
    "my husband is confused and doesn't know where he is",
    "mom has been really disoriented since this morning",
    "i'm having new confusion",
    # New or sudden severe pain.
    "i've had terrible new pain in my back since yesterday",
    "sudden severe pain in my hip",
    "i suddenly have a horrible headache",
    "she's in excruciating pain",
    "my pain is unbearable",
    # Infection during treatment; not keeping fluids down.
    "my port site is red and swollen",
    "my incision is oozing pus",
    "my arm is red and hot",
    "i think i have an infection",
    "i can't keep anything down",
    "running a temp of 100.9",
    "fever and chills since last night",
    "i think i have neutropenic fever",
    "i have a 38.3 temperature",
    "he doesn't know where he is",
    "i'm in agony",
    "severe new headache",
    "my back suddenly hurts really bad",
    "i have excruciating pain in my hip",
]

# Self-harm comes before emergency, and emergency before urgent.
PRECEDENCE = [
    ("i have a fever and i want to die", SELF_HARM_INTENT),
    ("i'm coughing up blood and i want to end it all", SELF_HARM_INTENT),
    ("she took the whole bottle and won't wake up", SELF_HARM_INTENT),
    ("i have a fever of 102 and i can't breathe", EMERGENCY_INTENT),
    ("my mom is confused and not breathing", EMERGENCY_INTENT),
    ("her eyes are yellow and she just had a seizure", EMERGENCY_INTENT),
]

QUESTIONS = [
    "what are the symptoms?",
    "is shortness of breath a sign of mbc",
    "can seizures be a symptom of brain metastases",
    "i don't want to die, what are my options",
    "i want to die at home with my family, how does hospice work",
    "will this cancer take my life",
    "what is end of life care",
    "how long can i live with stage 4",
    "should i stop my medicine",
    "is bleeding a side effect of targeted therapy",
    "what is an emergency room for",
    "i take myself to chemo every week",
    "",
    # Injuries from sport, falls and accidents.
    "i hurt myself at the gym",
    "i hurt myself lifting boxes",
    "i fell and hurt myself",
    "i hurt my back gardening",
    "i cut myself shaving",
    "i burned myself on the stove",
    # Figures of speech.
    "just killing time before my appointment",
    "these hot flashes are killing me",
    "my back is killing me",
    "i'm dying to know my scan results",
    "i'd kill for a nap",
    "this treatment is killing me slowly",  # a complaint about the treatment, not a crisis
    "i'm dead tired after chemo",
    "i would die for my kids",
    "i cut myself off from my friends",
    "i need to cut myself some slack",
    "i have to shoot myself with lovenox every day",
    # Fear of dying, and hospice.
    "i don't want to die",
    "i really dont want to die yet",
    "nobody wants to die",
    "i want to die peacefully in my sleep when it's time",
    "I'm afraid I'll go to sleep and never wake up",
    "I don't want to live in a nursing home",
    "will this cancer kill me",
    "does morphine in hospice speed up death",
    "how long does hospice last",
    "what is the prognosis for stage 4 breast cancer",
    "how many people die of metastatic breast cancer each year",
    # Decision: asking about assisted dying by name is an end-of-life question.
    "is physician-assisted suicide legal in oregon",
    # Decision: supplements and medication timing are not overdose framing.
    "what is an overdose of vitamin d",
    "how much vitamin d is too much",
    "can i take all my pills at once in the morning",
    "should i take all my pills with food",
    "i take all my meds with breakfast",
    # Everyday frustration that is not a wish to die.
    "i'm so tired of fighting with my insurance company",
    "i can't go on vacation during chemo",
    "i can't keep going to work full time",
    # Questions about symptoms, and symptoms that are not urgent.
    "what are the symptoms of liver mets",
    "is fever a side effect of chemo",
    "what should i do if i get a fever during chemo",
    "when should i call my doctor about a fever",
    "is a temperature of 100.4 a fever",
    "do i have a fever if my temp is 99.5",
    "what are the signs of a stroke",
    "is coughing a symptom of lung mets",
    "is coughing up blood a sign of lung metastases",
    "can brain mets cause slurred speech",
    "what does jaundice mean",
    "is yellow skin a sign of liver mets",
    "can chemo cause confusion",
    "i'm confused about my treatment options",
    "my mom is confused about her insurance",
    "my kids are confused about my diagnosis",
    "is heavy bleeding a side effect of tamoxifen",
    "what should i do if she has a seizure",
    "i had seizures as a child, can i take this drug",
    "my mom had a stroke last year, is tamoxifen safe",
    "i had a fever last week but it's gone now",
    "my arm is swollen from lymphedema",
    "i've had back pain for months",
    "what is the best treatment for bone pain",
    "my hands and feet are numb from the chemo",
    "my fingernails turned dark on docetaxel",
    "i get chills and hot flashes on tamoxifen",
    "my blood pressure won't stop going up",
    "is this trial suited to me",
    "the swelling subsided after a day",
    "i ran 5 kms today",
    "my tumor won't respond to treatment",
    "my mom has a temperature of 99",
    "i had a fever in 2019",
    "i wish i could disappear to a beach",
    "what is the lethal dose of radiation",
    "killing myself trying to keep up with work",
    "i'm saving my pills for my trip",
    "how do i die peacefully at home",
    "is trouble breathing a side effect of xeloda",
    "i'm having a hard time",
    "i want to stop chemo",
    "i'm done with chemo",
    "i want to die with dignity",
    "i'm a burden on my husband",  # a burden, but nothing about being better off without me
    "i can't do this anymore",  # without life or living it may be the treatment
    "i'd rather die than do chemo again",  # decision: a figure of speech about the treatment
    "can you overdose on tylenol",  # decision: a medication-safety question, not a plan
]


@pytest.mark.parametrize("text", SELF_HARM)
def test_self_harm_is_recognised(net: SafetyNet, text: str) -> None:
    assert net.match(text) == SELF_HARM_INTENT


@pytest.mark.parametrize("text", EMERGENCY)
def test_emergencies_happening_now_are_recognised(net: SafetyNet, text: str) -> None:
    assert net.match(text) == EMERGENCY_INTENT


@pytest.mark.parametrize("text", URGENT)
def test_urgent_symptoms_someone_has_now_are_recognised(net: SafetyNet, text: str) -> None:
    assert net.match(text) == URGENT_INTENT


@pytest.mark.parametrize(("text", "intent"), PRECEDENCE)
def test_self_harm_before_emergency_before_urgent(net: SafetyNet, text: str, intent: str) -> None:
    assert net.match(text) == intent


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_are_left_to_the_classifier(net: SafetyNet, text: str) -> None:
    assert net.match(text) is None


def test_the_categories_are_tried_in_order() -> None:
    every = {
        "self_harm_patterns": [r"\bx\b"],
        "emergency_patterns": [r"\bx\b"],
        "urgent_patterns": [r"\bx\b"],
    }
    config = {**SafetyNet.get_default_config(), **every}
    assert SafetyNet(config).match("x") == SELF_HARM_INTENT
    assert SafetyNet({**config, "self_harm_patterns": []}).match("x") == EMERGENCY_INTENT
    only_urgent = {**config, "self_harm_patterns": [], "emergency_patterns": []}
    assert SafetyNet(only_urgent).match("x") == URGENT_INTENT


def test_exceptions_are_masked_only_in_their_category() -> None:
    config = {**SafetyNet.get_default_config(), "emergency_patterns": [r"want to die"]}
    assert SafetyNet(config).match("i don't want to die") == EMERGENCY_INTENT
    assert SafetyNet(SafetyNet.get_default_config()).match("i don't want to die") is None


def test_the_example_lists_do_not_overlap() -> None:
    lists = [SELF_HARM, EMERGENCY, URGENT, [text for text, _ in PRECEDENCE], QUESTIONS]
    texts = [text for examples in lists for text in examples]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("I DONT   want to diee", "i don't want to die"),
        ("I\u2019m  ok", "i'm ok"),
        ("i do not want to live", "i don't want to live"),
        ("im so tired, cant sleep", "i'm so tired, can't sleep"),
        ("pleeeease help", "please help"),
        ("thinking about sucide", "thinking about suicide"),
        ("my sewer-slide plan", "my suicide plan"),
        ("k!ll myself", "kill myself"),
        ("i wanna go home", "i want to go home"),
        ("the suited nurse subsided", "the suited nurse subsided"),
        ("a homicide in a seaside suite", "a homicide in a seaside suite"),
        ("my temp is 101.5f", "my temp is 101.5f"),
    ],
)
def test_normalise_text(text: str, normalised: str) -> None:
    assert normalise_text(text) == normalised


def classified(text: str, intent: str, confidence: float) -> Message:
    ranking: list[dict[str, Any]] = [
        {"name": intent, "confidence": confidence},
        {"name": "report_emergency", "confidence": 0.01},
    ]
    return Message(
        data={
            TEXT: text,
            INTENT: {"name": intent, "confidence": confidence},
            INTENT_RANKING_KEY: ranking,
        }
    )


def test_process_overrides_a_confident_wrong_prediction(net: SafetyNet) -> None:
    (message,) = net.process([classified("he fainted and isn't responding", "treatment", 0.99)])
    assert message.get(INTENT) == {"name": "report_emergency", "confidence": 1.0}
    ranking = [entry["name"] for entry in message.get(INTENT_RANKING_KEY)]
    assert ranking == ["report_emergency", "treatment"]


def test_process_overrides_the_fallback(net: SafetyNet) -> None:
    (message,) = net.process([classified("i wanna end my life", "nlu_fallback", 0.45)])
    assert message.get(INTENT)["name"] == "report_self_harm"


def test_process_forces_the_urgent_intent(net: SafetyNet) -> None:
    (message,) = net.process([classified("i have a fever of 101 on chemo", "side_effects", 0.9)])
    assert message.get(INTENT) == {"name": URGENT_INTENT, "confidence": 1.0}
    ranking = [entry["name"] for entry in message.get(INTENT_RANKING_KEY)]
    assert ranking == [URGENT_INTENT, "side_effects", "report_emergency"]


def test_process_keeps_other_predictions(net: SafetyNet) -> None:
    before = classified("what is palliative care", "palliative", 0.97)
    (message,) = net.process([before])
    assert message.get(INTENT) == {"name": "palliative", "confidence": 0.97}


def test_patterns_can_be_configured(net: SafetyNet) -> None:
    custom = SafetyNet({**SafetyNet.get_default_config(), "emergency_patterns": [r"\bmayday\b"]})
    assert custom.match("MAYDAY mayday") == "report_emergency"
    assert custom.match("i can't breathe") is None


def test_urgent_intent_and_patterns_can_be_configured() -> None:
    custom = SafetyNet(
        {
            **SafetyNet.get_default_config(),
            "urgent_intent": "call_the_team",
            "urgent_patterns": [r"\bfeel off\b"],
        }
    )
    assert custom.match("i feel off today") == "call_the_team"
    assert custom.match("i have a fever of 101 on chemo") is None


def test_a_category_without_patterns_never_matches() -> None:
    custom = SafetyNet({**SafetyNet.get_default_config(), "urgent_patterns": []})
    assert custom.match("my mom's eyes look yellow") is None


def test_a_config_without_the_new_keys_still_works() -> None:
    old = {
        key: value
        for key, value in SafetyNet.get_default_config().items()
        if not key.startswith("urgent") and not key.endswith("exceptions")
    }
    legacy = SafetyNet(old)
    assert legacy.match("my mom's eyes look yellow") == URGENT_INTENT
    assert legacy.match("i don't want to die") is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("there's no point in anything any more", "report_self_harm"),
        ("so tired of all of it. i just want out", "report_self_harm"),
        ("she texted me goodbye and won't pick up", "report_self_harm"),
        ("he left a message saying he's sorry for everything", "report_self_harm"),
        ("started cutting my arms again, it's the only thing that helps", "report_self_harm"),
        ("she has been burning her skin with cigarettes", "report_self_harm"),
        ("i'm not suicidal but i want to die", "report_self_harm"),
        ("sometimes i think how easy it would be to just let go", "report_self_harm"),
        ("i thought about swerving into oncoming traffic on the highway", "report_self_harm"),
        ("keep thinking about jumping off the roof at work", "report_self_harm"),
        ("i gave my rings to my daughter and my watch to my son this week", "report_self_harm"),
        ("she's been giving away all her things", "report_self_harm"),
        ("i wrote goodbye letters to my family", "report_self_harm"),
        ("she is throwing up blood", "report_emergency"),
        ("my tongue and lips are swelling after the infusion", "report_emergency"),
        ("my mom with stage 4 is suddenly confused today", "report_urgent_symptom"),
        ("he has been getting more confused every day", "report_urgent_symptom"),
    ],
)
def test_indirect_phrasings_added_for_issue_13(net: SafetyNet, text: str, intent: str) -> None:
    assert net.match(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "i want out of this clinical trial, who do i tell",
        "i'm confused about my treatment options",
        "we said goodbye to the nurses at the end of the last cycle",
        "my ankles have been swollen for weeks",
        "i cut my finger cutting vegetables",
        "the surgeon is cutting my port out next week",
        "i'm not suicidal or anything, just sad most days",
        "we drove over the bridge to get to the cancer center",
        "how easy would it be to get a second opinion",
        "my mom gave my daughter her old car",
        "i wrote a letter to my kids' school about my diagnosis",
    ],
)
def test_near_misses_of_the_issue_13_patterns(net: SafetyNet, text: str) -> None:
    assert net.match(text) is None
