"""Word lists for reading typed answers, in French and English, as plain text.

``answer_parsing`` normalises every list exactly like the answers (lower case, accents folded,
elisions expanded), so entries are written naturally here: "s'il vous plaît", "I don't know".
Word lists are space-separated; phrase tables map a value to comma-separated phrases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from assistant.domain.interview import DONT_KNOW, SKIP

POLITE: Final = (
    "merci svp stp s'il vous plaît s'il te plaît please pls thanks thank you thx euh heu hum hmm hm bon ben bah "
    "alors well ok okay oh ah désolé désolée sorry honnêtement franchement honestly frankly voilà bonjour hello hi"
)
# Whole answers that mean "no answer": they become the interview's DONT_KNOW or SKIP value.
NEUTRAL: Final[Mapping[str, str]] = {
    DONT_KNOW: "je ne sais pas, je sais pas, ne sais pas, sais pas, j'sais pas, chais pas, jsp, nsp, je ne sais, "
    "je ne sais pas trop, je sais pas trop, je ne sais pas du tout, aucune idée, pas d'idée, je n'ai aucune idée, "
    "j'en sais rien, je n'en sais rien, je ne suis pas sûr, je ne suis pas sûre, pas sûr, pas sûre, "
    "I don't know, I do not know, don't know, dont know, dont_know, I dunno, dunno, idk, no idea, "
    "I have no idea, not sure, I'm not sure, no clue, je ne sais pas ce que c'est, je ne connais pas, "
    "I don't know what that is, I don't know what it means",
    SKIP: "passer, je passe, passe, on passe, passons, je préfère passer, suivante, question suivante, "
    "je passe cette question, je passe mon tour, je préfère ne pas répondre, skip, skip it, skip this one, "
    "skip this question, "
    "pass, I'll pass, I pass, next, next question, next one, I'd rather not answer",
}
# Words that start a new clause: "2 ou 3" names two choices.
CONNECTORS: Final = "mais ou et car parce puisque sinon or and but because since otherwise"
# Words around a choice that say nothing else ("je dirais la 3"); politeness and connectors count too.
CHOICE_FILLERS: Final = (
    "je me moi ce cest est ça cela celle celui ci la le les au aux que qui pour dirais dirai dis dit disons "
    "pense crois suppose imagine opte choisis choisirais choisi prends prendrais prend vote mets mettrais garde "
    "réponds répondrais réponse bonne choix option proposition numéro num lettre niveau plutôt peut être "
    "probablement sûrement certainement sans doute perso personnellement donc enfin aussi non oui ma mon serait "
    "suis se jdirais jpense en fait "
    "I id im ill am would will say think guess suppose pick picking choose go going with for take answer "
    "choice number letter level the it its is that this so then maybe perhaps probably definitely surely sure "
    "my me mine be no yes let us"
)
WEAK_ONE: Final = "un une one"  # "one" is 1 only alone: "the third one" means 3
# Ordinals and number words, by display position ("last" is the last option).
NUMBER_WORDS: Final[Mapping[str, str]] = {
    "1": "premier, première, 1er, 1re, 1ère, first, 1st",
    "2": "deuxième, second, seconde, deux, two, 2nd",
    "3": "troisième, trois, third, three, 3rd",
    "4": "quatrième, quatre, fourth, four, 4th",
    "5": "cinquième, cinq, fifth, five, 5th",
    "last": "dernier, dernière, last",
}
# Likert-ish phrases for self items, by level (see the table in answer_parsing's docstring).
LEVEL_PHRASES: Final[Mapping[int, str]] = {
    0: "jamais, pas du tout, absolument pas, aucunement, never, not at all, not ever",
    1: "un peu, un petit peu, peu, rarement, plutôt non, plutôt pas, pas vraiment, pas souvent, pas beaucoup, "
    "a little, a little bit, a bit, rarely, seldom, hardly ever, not really, not often, not much",
    2: "plutôt oui, parfois, moyennement, de temps en temps, de temps à autre, de temps a autre, "
    "occasionnellement, plus ou moins, pas toujours, sometimes, somewhat, occasionally, from time to time, "
    "now and then, sort of, kind of, more or less, not always",
    3: "souvent, régulièrement, fréquemment, la plupart du temps, beaucoup, "
    "often, regularly, frequently, usually, most of the time, mostly, a lot",
    4: "tout à fait, tout a fait, toujours, tout le temps, expert, experte, absolument, complètement, "
    "totalement, always, all the time, absolutely, completely, totally",
}
# Weak levels only count when nothing stronger was said: "oui, toujours" is 4, "non, rarement" is 1.
WEAK_LEVEL_PHRASES: Final[Mapping[int, str]] = {0: "non, no, nope, nan", 3: "oui, yes, yeah, yep, ouais"}
# Words around a level phrase that say nothing else ("je dirais plutôt souvent"); politeness counts too.
PHRASE_FILLERS: Final = (
    "je dirais dirai pense crois ce est cest ça disons que moi perso plutôt très assez vraiment "
    "I would say think guess it is really very quite rather pretty fairly"
)
# Words that never make a free-text answer match an option; choice fillers count too.
STOP_WORDS: Final = (
    "de du des un une en dans sur sous par avec sans chez vers entre tu il elle on nous vous ils elles te lui leur "
    "leurs mes tes ses notre nos votre vos cet cette ces ceci quoi dont où quel quelle quels quelles ne pas plus "
    "moins très trop peu tout tous toute toutes sont es êtes sommes ai as avons avez ont avoir faire fais peux "
    "pouvoir doit dois comme si bien encore déjà même autre autres quand puis selon chaque avant après depuis "
    "a an of off on in at by to as are was were been being have has had do does did can could should shall may "
    "might must not what which who whom whose when where why how all any some each every both few more most other "
    "such only own same than too very just also they them their we our you your he him his she her one ones"
)
