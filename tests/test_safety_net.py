"""The safety net sends self-harm to 988, emergencies to 911 and urgent symptoms to the care team.

Questions, figures of speech and injuries from accidents are left to the classifier.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.safety_net import SafetyNet, normalise_text

pytestmark = pytest.mark.unit

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


# ----------------------------------------------------------------------------------------------
# Spanish: written the way people type (accents or not, typos, SMS spellings, Spanglish), by
# patients and by the people caring for them.
# ----------------------------------------------------------------------------------------------

SELF_HARM_ES = [
    # Direct.
    "quiero morirme",
    "me quiero morir, ya no puedo con esto",
    "ME QUIERO MORIRRR",
    "kiero morirmeee ya",
    "me quiero morir de verdad, no es broma",
    "me kiero matar",
    "a veces pienso en matarme",
    "estoy pensando en suicidarme",
    "me quiero suisidar",
    "pienso mucho en el suisidio",
    "he pensado en quitarme la vida, no se lo he dicho a nadie",
    "doctora le confieso que estoy pensando en quitarme la vida",
    "quiero acabar con mi vida",
    "voy a acabar con todo esta noche",
    "ya no quiero vivir",
    "ya no kiero vivir, xq sigo aqui",
    "no quiero seguir viviendo asi",
    "ya no quiero seguir, estoy cansada",
    "no se si quiero seguir viviendo",
    "tengo pensamientos suicidas desde que me dijeron que el cancer se paso a los huesos",
    "no tengo pensamientos suicidas pero a veces quiero morirme",  # the wish still counts
    "i want to morirme honestly",
    "i think about suicidarme every night",
    # Indirect: can't go on, no sense, wanting it to end, better off without me.
    "ya no aguanto mas",  # decision: on its own it is despair (see the module)
    "Ya no puedo más!!",
    "estoy tan cansada, ya no puedo mas, no se que hacer",
    "ya no puedo mas, cuiden a mis hijos",
    "no aguanto mas esta vida, todos los dias es dolor y mas dolor",
    "solo quiero que todo termine",
    "quiero que todo esto se acabe ya",
    "ya no se que hacer, solo quiero que se acabe",
    "ya no tiene sentido seguir",
    "la vida ya no tiene sentido para mi",
    "no le encuentro sentido a nada",
    "para que seguir si igual me voy a morir",
    "ya no tengo razones para vivir",
    "siento que ya no tengo por que vivir",
    "perdi las ganas de vivir",
    "estoy cansada de vivir asi",
    "cansada de luchar contra este cancer",
    "seria mejor no estar",
    "seria mejor que me muriera",
    "mi familia estaria mejor sin mi",
    "soy una carga para todos, estarian mejor sin mi",
    "me siento una carga y a veces pienso que seria mejor desaparecer",
    "nadie me extrañaria si me muero",
    "quisiera desaparecer para siempre",
    "quisiera dormirme y no despertar nunca mas",
    "quisiera no despertar mañana",
    "ojala me muera mientras duermo",
    "le pido a dios todos los dias que me lleve",
    "tengo ideas de muerte todo el tiempo",
    "ya me kiero ir de aqui, de este mundo",
    # Plans, pills and overdose questions.
    "estoy pensando en tomarme todas las pastillas de morfina esta noche",
    "me voy a tomar todas mis pastillas y ya",
    "pienso en tomarme el frasco entero de calmantes",
    "he estado juntando pastillas por si acaso",
    "tengo las pastillas guardadas para cuando ya no aguante",
    "cuantas pastillas para una sobredosis",
    "¿Cuánta morfina es una sobredosis?",
    "cuantas oxicodonas me matarian",
    "que dosis de morfina es letal",
    "si me tomo todo el frasco me muero?",
    "el otro dia me tome un puñado de pastillas para no despertar",
    "cual es la forma mas facil de morir",
    "me quiero tirar de un puente",
    # Self-harm.
    "quiero cortarme",
    "me he estado cortando los brazos otra vez",
    "me corto cuando me siento asi",
    "tengo ganas de hacerme daño",
    "me da miedo hacerme daño",
    "me hice dano a proposito anoche",
    "me quemo con cigarros",
    # Caregivers.
    "mi mamá dice que se quiere morir, no se que hacer",
    "mi esposo me dijo que ya no quiere vivir con este dolor",
    "mi mama me dijo hoy que quisiera estar muerta",
    "mi papa amenaza con matarse si lo llevamos otra vez al hospital",
    "mi hermana se tomo un frasco de pastillas y no contesta",
    "mi mama se tomo todas sus pastillas de golpe",
    "mi hija se quiere suicidar",
    "escribi cartas de despedida para mis hijos",
    "hola, no se si este es el lugar para escribir esto pero desde que me dijeron que el cancer "
    "regreso y ahora esta en el higado no duermo, no como, y la verdad ya no quiero seguir. mis "
    "hijos ya son grandes y creo que estarian mejor sin mi",
    "mi mama tiene cancer de mama metastasico y hoy me dijo que esta juntando sus pastillas para "
    "dormir. tengo miedo, que hago?",
]

EMERGENCY_ES = [
    # Breathing.
    "no puedo respirar",
    "no puedo respirar bien y me duele el pecho",
    "casi no puedo respirar",
    "me falta el aire ahora mismo",
    "me falta muchisimo el aire",
    "tengo mucha falta de aire",
    "mi mama no puede respirar, ayuda",
    "my mom no puede breathe",
    "tiene mucha dificultad para respirar",
    "me ahogo",
    "mi esposo se puso morado y no respira",
    "tiene los labios morados",
    # Coughing or vomiting blood.
    "toso sangre desde hace un rato",
    "estoy tosiendo sangre",
    "tose sangre, ¿es un sintoma de metastasis?",  # a report, then a question
    "mi mamá está vomitando sangre",
    "vomito sangre",
    "esta escupiendo sangre",
    "el vomito parece cafe molido",
    # Seizures.
    "mi mama esta convulsionando",
    "le esta dando una convulsion a mi esposa",
    "mi papa convulsiono hace 5 minutos y no despierta",
    "por favor ayudenme, mi mama tiene metastasis en el cerebro y hace un rato empezo a temblar "
    "toda con los ojos en blanco, creo que esta convulsionando",
    # Stroke signs.
    "mi mama de repente no puede hablar",
    "se le cayo la cara de un lado",
    "se le ve la cara chueca",
    "tiene la boca torcida y no puede hablar",
    "mi papa esta arrastrando las palabras",
    "de repente siento debilidad en el lado izquierdo",
    "tengo debilidad de un lado del cuerpo",
    "el brazo izquierdo no lo puede mover de repente, es grave?",
    "no siento las piernas",
    # Bleeding.
    "estoy sangrando mucho y no para",
    "tengo un sangrado que no para",
    "mi mama esta perdiendo mucha sangre",
    # Fainting and consciousness.
    "mi mama se desmayo",
    "se desmallo en el baño",
    "perdio el conocimiento en la cocina",
    "mi mama no responde",
    "no puedo despertarla",
    # Chest pain and heart attack.
    "tengo un dolor de pecho fuerte",
    "dolor muy fuerte en el pecho, me cuesta respirar",
    "me duele mucho el pecho y el brazo izquierdo",
    "tengo dolor en el pecho y sudo frio",
    "creo que le esta dando un infarto",
    "el peor dolor de cabeza de mi vida",
    # Allergic reactions and calls for help.
    "se me esta cerrando la garganta",
    "esta teniendo una reaccion alergica con la infusion, se le hinchan los labios",
    "llamen a una ambulancia",
    "emergencia!!",
]

URGENT_ES = [
    # Fever during treatment.
    "tengo fiebre y estoy en quimio",
    "estoy en chemo y tengo fiebre",
    "fiebre durante la quimio",
    "fiebre de 38",
    "fiebre 38.6",
    "tengo 38.5 de fiebre",
    "tengo 38º",
    "tiene 101 de fiebre",
    "my mom tiene fever de 102",
    "mi mama tiene fiebre de 38,4 y le pusieron la quimio el martes",
    "mi mama amanecio con fiebre, esta en tratamiento con taxol",
    "tengo calentura desde anoche",
    "le subio la fiebre a 39",
    "no me baja la fiebre",
    "el termometro marca 38.3",
    "temperatura de 38.8",
    "escalofrios y fiebre desde ayer",
    # Yellow eyes or skin.
    "tiene los ojos amarillos",
    "se le pusieron los ojos amarillos",
    "mi piel esta amarilla",
    "la veo amarilla",
    "tengo ictericia",
    "hola buenas noches, mi mama tiene 67 años y cancer de mama con metastasis al higado, hoy la "
    "note mas amarilla que de costumbre y los ojos tambien, es normal o la llevo a urgencias?",
    # New confusion.
    "mi mama esta muy confundida desde esta mañana",
    "mi papa esta desorientado, no sabe donde esta",
    "esta como confundida, dice cosas sin sentido",
    "de repente estoy confundida",
    "no me reconoce",
    # New or unbearable pain.
    "tengo un dolor nuevo muy fuerte en la espalda",
    "dolor fuerte nuevo en la cadera",
    "de repente me dio un dolor horrible en la pierna",
    "me duele mucho la espalda, es un dolor nuevo",
    "el dolor es insoportable",
    "ya no aguanto el dolor",  # decision: unbearable pain, not despair
    "no puedo mas con este dolor de huesos",
    # Infection; not keeping anything down.
    "la herida esta roja e hinchada",
    "creo que tengo una infeccion en el port",
    "no puedo retener nada, vomito todo lo que como",
]

PRECEDENCE_ES = [
    ("me corte las venas y estoy sangrando mucho", SELF_HARM_INTENT),
    ("tengo fiebre y ya no quiero vivir", SELF_HARM_INTENT),
    ("tengo fiebre de 39 y no puedo respirar", EMERGENCY_INTENT),
    ("mi mama esta confundida y no responde", EMERGENCY_INTENT),
]

QUESTIONS_ES = [
    # Figures of speech.
    "me muero de risa con mi nieta",
    "me muero de hambre despues de la quimio",
    "me muero de sueño todo el dia",
    "me muero de ganas de ver a mis nietos",
    "me muero por saber los resultados del pet scan",
    "me quiero morir de la verguenza, vomite en el bus",
    "me quiero morir de lo bien que me fue en el scan",
    "estos calores me están matando",
    "los bochornos me estan matando, no duermo nada",
    "estoy matando el tiempo en la sala de espera",
    "la quimio me va a matar",
    "esta quimio me esta matando",
    "mi jefa me va a matar si falto otra vez",
    # Injuries from accidents and sport, haircuts.
    "me hice daño en el gimnasio",
    "me cai y me hice dano en la rodilla",
    "ayer fui al gym y me lastime el hombro",
    "me corte cocinando",
    "me corte el pelo antes de la quimio",
    "me hago dano cuando me pongo la inyeccion",
    # Denials and fear of dying.
    "no quiero morir",
    "no me quiero morir todavia, mis hijos son pequeños",
    "no tengo pensamientos suicidas, solo estoy triste",
    "me da miedo morir",
    "me voy a morir?",
    "¿como es morir de cancer de mama? tengo miedo",
    # The past, end of life and prognosis.
    "mi mamá se murió de cáncer hace años",
    "mi abuela murio de cancer de mama en 1998",
    "el cancer acabo con su vida",
    "quiero morir en casa con mi familia cuando llegue el momento",
    "ojala me muera de viejita",
    "¿es legal el suicidio asistido en colombia?",
    "¿la eutanasia es legal en españa?",
    # Decisions (see the module): a named complaint, a burden without better off, relief.
    "no aguanto mas estos calores",
    "ya no aguanto mas la quimio, cuando termina?",
    "la quimio es horrible, quiero que se acabe",
    "soy una carga para mi esposo",
    "estoy harta de todo el papeleo del seguro",
    "no quiero seguir sufriendo",  # relief from suffering, not a wish to die: palliative care
    "ya no quiero seguir con la quimio, quiero hablar con mi oncologo",
    "quiero que termine la quimio ya",
    "estaria mejor sin mi peluca",
    # Pills: medication timing and safety, not a plan.
    "¿puedo tomarme todas las pastillas juntas en la mañana?",
    "me tomo todas mis pastillas con el desayuno",
    "me tomo todas las pastillas juntas, esta bien?",
    "me tome todas las pastillas de hoy",
    "estoy guardando mis pastillas en un pastillero semanal",
    "¿cuánta vitamina d es una sobredosis?",
    "¿se puede tener una sobredosis de paracetamol?",
    # Questions about the disease and its symptoms.
    "¿el cáncer de mama metastásico puede causar convulsiones?",
    "¿la falta de aire es un síntoma?",
    "¿toser sangre es sintoma de metastasis en el pulmon?",
    "¿que significa tener los ojos amarillos?",
    "¿la fiebre es un efecto secundario de la quimio?",
    "¿que hago si tengo fiebre durante la quimio?",
    "mi mama tuvo convulsiones de niña, puede tomar este medicamento?",
    "le dio un derrame hace años, ¿puede tomar tamoxifeno?",
    "tengo derrame pleural, es peligroso?",
    # Not the symptom, or not now.
    "tengo 38 años y me diagnosticaron en enero",
    "mi mama tiene 41 años y esta en quimio",
    "tengo 40 y dos hijos",
    "tengo fiebre de 37.5, es normal?",
    "tuve fiebre la semana pasada pero ya se me quito",
    "no tengo fiebre",
    "me salio una calentura en el labio",
    "estoy confundida con tantas opciones de tratamiento",
    "mis hijos estan confundidos con mi diagnostico",
    "mi mama no tiene confusion",
    "estoy alucinando con lo rapido que me esta creciendo el pelo",
    "me duele la espalda desde hace meses",
    "me duele el pecho donde me operaron",
    "me falta el aire cuando subo escaleras",
    "no puedo respirar por la nariz por la gripe",
    "mi mama no puede hablar ahora, esta en la quimio",
    "ya no puede hablar, ¿cuanto tiempo le queda?",  # the last days: hospice, not 911
    "el azucar en la sangre no para de subir",
    "se me cayo el pelo con la quimio",
    "no tengo ganas de nada hoy",
    # Words that look like "suicidio" to a spell checker.
    "quiero cuidarme mejor",
    "¿que sucedio con mis resultados?",
]


@pytest.mark.parametrize("text", SELF_HARM_ES)
def test_spanish_self_harm_is_recognised(net: SafetyNet, text: str) -> None:
    assert net.match(text) == SELF_HARM_INTENT


@pytest.mark.parametrize("text", EMERGENCY_ES)
def test_spanish_emergencies_happening_now_are_recognised(net: SafetyNet, text: str) -> None:
    assert net.match(text) == EMERGENCY_INTENT


@pytest.mark.parametrize("text", URGENT_ES)
def test_spanish_urgent_symptoms_are_recognised(net: SafetyNet, text: str) -> None:
    assert net.match(text) == URGENT_INTENT


@pytest.mark.parametrize(("text", "intent"), PRECEDENCE_ES)
def test_spanish_self_harm_before_emergency_before_urgent(
    net: SafetyNet, text: str, intent: str
) -> None:
    assert net.match(text) == intent


@pytest.mark.parametrize("text", QUESTIONS_ES)
def test_spanish_questions_and_figures_of_speech_are_left_alone(net: SafetyNet, text: str) -> None:
    assert net.match(text) is None


def test_the_spanish_example_lists_do_not_overlap() -> None:
    lists = [SELF_HARM_ES, EMERGENCY_ES, URGENT_ES, [text for text, _ in PRECEDENCE_ES]]
    texts = [text for examples in [*lists, QUESTIONS_ES] for text in examples]
    assert len(texts) == len(set(texts))
    assert len([text for examples in lists for text in examples]) >= 60
    assert len(QUESTIONS_ES) >= 30


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Está sangrando MUCHO", "esta sangrando mucho"),
        ("¿Qué le pasó a mi mamá?", "¿que le paso a mi mama?"),
        ("kiero morirmeee", "quiero morirme"),
        ("xq ya no puedo", "porque ya no puedo"),
        ("pienso en el suisidio", "pienso en el suicidio"),
        ("me dio derrepente", "me dio de repente"),
        ("una sobre dosis", "una sobredosis"),
        ("tengo 38º", "tengo 38°"),
        # Not corrected to "suicidio" / "suicidar": "it happened", dirt, to look after oneself.
        ("¿qué sucedió?", "¿que sucedio?"),
        ("la suciedad", "la suciedad"),
        ("quiero cuidar y cuidarme", "quiero cuidar y cuidarme"),
    ],
)
def test_normalise_spanish_text(text: str, normalised: str) -> None:
    assert normalise_text(text) == normalised
