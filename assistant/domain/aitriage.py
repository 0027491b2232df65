"""First AI Act and GDPR orientation for a use case: category, duties, next steps, disclaimer.

The category comes from the catalogue; the duties are those of a *deployer* under Regulation (EU)
2024/1689 (prohibited practices art. 5 and AI literacy art. 4 since 2 February 2025; transparency
art. 50 and Annex III high-risk systems from 2 August 2026, dates the November 2025 "digital
omnibus" proposal may shift for high-risk systems).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain.catalogue import Text
from assistant.domain.usecases import AiActCategory, UseCase

DISCLAIMER = Text(
    fr="Première orientation, pas un avis juridique : faites valider par votre DPO ou votre conseil.",
    en="First orientation, not legal advice: have it checked by your DPO or legal adviser.",
)
_LITERACY = Text(
    fr="Maîtrise de l'IA (art. 4, depuis le 2 février 2025) : former les personnes qui utilisent ce système à "
    "ses possibilités, ses limites et ses risques, et garder trace des actions menées.",
    en="AI literacy (art. 4, since 2 February 2025): train the people using this system on its capabilities, "
    "limits and risks, and keep a record of what was done.",
)
_OBLIGATIONS: dict[str, tuple[Text, ...]] = {
    "prohibited": (
        Text(
            fr="Pratique interdite (art. 5, depuis le 2 février 2025) : ne pas déployer ; arrêter tout outil en "
            "place qui le ferait.",
            en="Prohibited practice (art. 5, since 2 February 2025): do not deploy; switch off any tool in place "
            "that does it.",
        ),
    ),
    "high_risk": (
        Text(
            fr="Haut risque (annexe III) : obligations du déployeur applicables à partir du 2 août 2026 ; la "
            "proposition « omnibus numérique » de novembre 2025 pourrait décaler cette date.",
            en="High-risk (Annex III): deployer duties apply from 2 August 2026; the November 2025 digital "
            "omnibus proposal may shift this date.",
        ),
        Text(
            fr="Utiliser le système selon la notice du fournisseur (art. 26 § 1).",
            en="Use the system according to the provider's instructions (art. 26(1)).",
        ),
        Text(
            fr="Contrôle humain confié à des personnes compétentes, formées et ayant autorité (art. 26 § 2).",
            en="Human oversight by competent, trained people with the authority to act (art. 26(2)).",
        ),
        Text(
            fr="Données d'entrée pertinentes et représentatives, surveillance du fonctionnement, signalement des "
            "risques et incidents graves (art. 26 § 4 et 5).",
            en="Relevant and representative input data, monitoring of operation, reporting of risks and serious "
            "incidents (art. 26(4) and (5)).",
        ),
        Text(
            fr="Conserver les journaux générés automatiquement au moins six mois (art. 26 § 6).",
            en="Keep the automatically generated logs for at least six months (art. 26(6)).",
        ),
        Text(
            fr="Informer les représentants du personnel et les salariés concernés avant la mise en service sur le "
            "lieu de travail (art. 26 § 7).",
            en="Inform workers' representatives and the affected workers before putting it into service at the "
            "workplace (art. 26(7)).",
        ),
        Text(
            fr="Informer les personnes visées par des décisions prises ou aidées par le système (art. 26 § 11).",
            en="Inform the people subject to decisions made or assisted by the system (art. 26(11)).",
        ),
        Text(
            fr="Analyse d'impact sur les droits fondamentaux (art. 27) si vous êtes un organisme public ou privé "
            "assurant un service public, ou pour l'évaluation de solvabilité ou la tarification d'assurance "
            "(annexe III, point 5 b et c).",
            en="Fundamental-rights impact assessment (art. 27) if you are a public body or a private entity "
            "providing public services, or for creditworthiness or insurance pricing (Annex III, point 5(b) and (c)).",
        ),
    ),
    "transparency": (
        Text(
            fr="Transparence (art. 50, à partir du 2 août 2026) : dire aux personnes qu'elles échangent avec une IA, "
            "sauf si c'est évident.",
            en="Transparency (art. 50, from 2 August 2026): tell people they are interacting with an AI unless it "
            "is obvious.",
        ),
        Text(
            fr="Signaler les images, sons ou vidéos générés ou retouchés qui pourraient passer pour réels "
            "(art. 50 § 4).",
            en="Disclose generated or altered images, audio or video that could pass as real (art. 50(4)).",
        ),
    ),
    "minimal": (
        Text(
            fr="Risque minimal : pas d'obligation propre au règlement au-delà de la maîtrise de l'IA ; un code de "
            "conduite volontaire reste possible (art. 95).",
            en="Minimal risk: no duty specific to the Regulation beyond AI literacy; a voluntary code of conduct "
            "remains possible (art. 95).",
        ),
    ),
}
_STEPS: dict[str, Text] = {
    "prohibited": Text(fr="Écarter ce cas du portefeuille.", en="Drop this case from the portfolio."),
    "high_risk": Text(
        fr="Désigner un responsable du contrôle humain, demander la notice et la déclaration de conformité au "
        "fournisseur, et consulter le CSE avant tout pilote.",
        en="Name the person in charge of human oversight, ask the provider for the instructions and the declaration "
        "of conformity, and consult the staff council before any pilot.",
    ),
    "transparency": Text(
        fr="Rédiger le message d'information (« vous échangez avec un assistant IA ») et l'afficher dès le premier "
        "échange.",
        en="Write the disclosure message ('you are talking to an AI assistant') and show it from the first exchange.",
    ),
    "minimal": Text(
        fr="Inscrire l'outil au registre des usages d'IA et fixer les règles d'usage.",
        en="Add the tool to the register of AI uses and set the rules of use.",
    ),
}
_PERSONAL_DATA = Text(
    fr="Données personnelles : inscrire le traitement au registre RGPD, informer les personnes et signer un contrat "
    "de sous-traitance (art. 28 RGPD) avec l'éditeur.",
    en="Personal data: add the processing to the GDPR record, inform the people concerned and sign a data "
    "processing agreement (GDPR art. 28) with the vendor.",
)
_DPIA = Text(
    fr="Réaliser une analyse d'impact relative à la protection des données (AIPD, art. 35 RGPD) avant le pilote.",
    en="Carry out a data protection impact assessment (DPIA, GDPR art. 35) before the pilot.",
)


@dataclass(frozen=True)
class Triage:
    """The orientation for one use case, in one language."""

    use_case_id: str
    category: AiActCategory
    reason: str
    obligations: list[str]
    gdpr_personal_data: bool
    dpia_likely: bool
    gdpr_note: str
    next_steps: list[str]
    disclaimer: str

    @property
    def excluded(self) -> bool:
        """True when the case must never be recommended."""
        return self.category == "prohibited"


def triage(use_case: UseCase, lang: str = "fr") -> Triage:
    """Orient ``use_case`` under the AI Act and GDPR, in French or English."""
    category = use_case.ai_act.category
    obligations = [t(lang) for t in _OBLIGATIONS[category]]
    if category != "prohibited":
        obligations.append(_LITERACY(lang))
    steps = [_STEPS[category](lang)]
    if category != "prohibited":
        if use_case.gdpr.dpia_likely:
            steps.insert(0, _DPIA(lang))
        if use_case.gdpr.personal_data:
            steps.append(_PERSONAL_DATA(lang))
    return Triage(
        use_case_id=use_case.id,
        category=category,
        reason=use_case.ai_act.reason(lang),
        obligations=obligations,
        gdpr_personal_data=use_case.gdpr.personal_data,
        dpia_likely=use_case.gdpr.dpia_likely,
        gdpr_note=use_case.gdpr.note(lang),
        next_steps=steps,
        disclaimer=DISCLAIMER(lang),
    )
