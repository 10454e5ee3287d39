package ai.lukhas.pwm.governance.moderation;

import static ai.lukhas.pwm.governance.moderation.LexiconRule.of;
import static ai.lukhas.pwm.governance.moderation.LexiconRule.requiring;
import static ai.lukhas.pwm.governance.moderation.ModerationCategory.HARASSMENT;
import static ai.lukhas.pwm.governance.moderation.ModerationCategory.HATE;
import static ai.lukhas.pwm.governance.moderation.ModerationCategory.ILLICIT;
import static ai.lukhas.pwm.governance.moderation.ModerationCategory.PROMPT_INJECTION;
import static ai.lukhas.pwm.governance.moderation.ModerationCategory.SELF_HARM;
import static ai.lukhas.pwm.governance.moderation.ModerationCategory.SEXUAL;
import static ai.lukhas.pwm.governance.moderation.ModerationCategory.SEXUAL_MINORS;
import static ai.lukhas.pwm.governance.moderation.ModerationCategory.VIOLENCE;

import java.util.List;
import java.util.Map;

/**
 * The local provider's rules, all in one place so they can be read and reviewed. Patterns run on text that
 * is NFKC-normalised, lower-cased, stripped of invisible characters and whitespace-collapsed (and once more
 * with common digit/symbol-for-letter substitutions undone). Weights: 0.9+ = an explicit phrase that is
 * rarely innocent; about 0.6 = a strong signal; 0.3-0.5 = a weak one that only counts together with others
 * or under the "high" preset. Scores combine per category as 1 - Π(1 - weight) over the rules that matched.
 *
 * <p>What a lexicon cannot do: understand context (quotes, fiction, news, negation, "how do I kill a
 * process"), catch paraphrases and other languages, or see meaning spread over sentences. It is a
 * transparent, dependency-free floor; use the OpenAI-compatible provider (combined with this one) for
 * classifier-quality content categories. Deliberately there is no list of slurs in the source: hate is
 * detected through dehumanising statements about groups.
 */
final class LocalLexicon {
    private LocalLexicon() {}

    // --- shared vocabulary -------------------------------------------------------------------------------
    private static final String YOU_ARE = "\\byou(?:'re| are| r)\\s+(?:such |so |a |an |the |just |really |fucking )*";
    private static final String INSULT = "(?:worthless|pathetic|stupid|idiot|moron|imbecile|retard(?:ed)?|loser"
            + "|disgusting|ugly|dumb|useless|trash|garbage|scum|piece of (?:shit|garbage|trash)|waste of (?:space|air|oxygen)"
            + "|failure|freak|clown|braindead|brain-dead|pig|rat|whore|slut|joke)\\b";
    private static final String GROUP = "(?:jews|jewish people|muslims|christians|hindus|sikhs|black people|blacks"
            + "|white people|whites|asians|arabs|africans|mexicans|latinos|hispanics|immigrants|refugees|migrants"
            + "|gays|gay people|lesbians|homosexuals|trans people|transgender people|women|disabled people"
            + "|roma|gypsies|indians|chinese people|foreigners)";
    private static final String DEHUMANISING = "(?:vermin|animals|parasites|rats|cockroaches|insects|subhuman|sub-human"
            + "|a disease|a plague|an infestation|inferior|scum|filth|savages|not human|less than human)\\b";
    private static final String EXTERMINATE = "(?:exterminated|eradicated|wiped out|gassed|killed|shot|hanged"
            + "|eliminated|purged|removed from (?:the|this) (?:earth|planet|country))";
    private static final String SEXUAL_TERM = "(?:porn\\w*|xxx|nudes?|naked|sex(?!\\s*(?:education|ed\\b))\\w*"
            + "|erotic\\w*|orgasm\\w*|masturbat\\w*|genitals?|blowjob|handjob|intercourse|molest\\w*|aroused)";
    private static final String MINOR_TERM = "(?:child(?:ren)?|kids?|minors?|underage|under-age|pre-?teens?"
            + "|toddlers?|infants?|little (?:girls?|boys?)|young (?:girls?|boys?)|middle school(?:ers)?|elementary school"
            + "|primary school|school ?(?:girls?|boys?)|(?:1[0-7]|[1-9])[ -]?"
            + "(?:yo|y/o|years?[ -]old))\\b";
    private static final String FIRST_PERSON_WILL = "\\b(?:i|we)(?:'ll| will|'m going to|'m gonna| am going to"
            + "| are going to|'re going to| gonna| plan to| want to)\\s+";
    private static final String HOW_TO = "\\b(?:how (?:to|do i|do you|can i|would i|could i)|steps to|guide to"
            + "|instructions (?:for|to)|recipe for|teach me to)\\s+";
    private static final String PREVIOUS = "(?:all |any |the |your |my )*(?:previous|prior|above|earlier|preceding"
            + "|former|original|system|initial)\\s+(?:instructions?|prompts?|messages?|rules|directions|context"
            + "|guidelines|commands)";

    /** A person as the target of an act ("you", "him", "my neighbour", "the kids", "someone"); not "the process". */
    private static final String PERSON_NOUN = "(?:neighbou?rs?|boss|wife|husband|ex|ex-?wife|ex-?husband|ex-?boyfriend"
            + "|ex-?girlfriend|girlfriend|boyfriend|partner|roommate|flatmate|teacher|coworkers?|co-workers?|colleagues?"
            + "|classmates?|kids?|child(?:ren)?|son|daughter|mother|mom|mum|father|dad|step-?father|step-?mother|brother"
            + "|sister|cousin|uncle|aunt|grand(?:mother|father|ma|pa)|family|landlord|tenant|cops?|officers?|police"
            + "|judge|journalist|manager|guy|man|men|woman|women|girl|boy|person|people|students?|protesters|customers?"
            + "|doctor|nurse|baby|friend|sibling|parents?|pupils?|victim|stranger|adult|streamer|reporter|priest"
            + "|president|senator|mayor|employee|waiter)"
            // "kill the child process", "kill the parent thread": a noun after it makes it a thing
            + "(?!\\s*(?:process|processes|thread|threads|job|jobs|node|nodes|task|tasks|pods?|containers?|session))";

    private static final String PERSON = "(?:you|u|ya|him|her|them|everyone|everybody|people|someone|somebody|anyone"
            + "|(?:a|an|the|my|his|her|their|your|our|this|that|these|those|some|every|all)\\s+(?:[\\w'-]+\\s+){0,2}?"
            + PERSON_NOUN + "(?:'s)?)\\b";
    private static final String VIOLENT_VERB =
            "(?:kill|murder|stab|shoot|hurt|harm|beat(?: up)?|strangle|poison|torture"
                    + "|suffocate|smother|drown|burn|attack|slit|choke|unalive|slaughter|behead|execute|bash|punch|maim|cripple"
                    + "|run over|push|break the legs of|jump|assault|gut|hang|bury|hit)";
    /** Up to two words that are not a negation ("I will really hurt" but not "I will never hurt"). */
    private static final String FILLER = "(?:(?!not\\b|never\\b|no\\b)[\\w']+\\s+){0,2}?";
    /** A request for a method: "how do I", "best way to", "tell me how to", "explain how to", "help me". */
    private static final String REQUEST = "(?:\\bhow (?:to|do|can|could|would|should|much|many)\\b|\\bbest way\\b"
            + "|\\beasiest way\\b|\\bquickest way\\b|\\bmost painful way\\b|\\bsteps?\\b|\\binstructions?\\b"
            + "|\\brecipe\\b|\\bguide\\b|\\bwalk me through\\b|\\bteach me\\b|\\btell me\\b|\\bshow me\\b"
            + "|\\bexplain how\\b|\\bhelp me\\b|\\bgive me\\b|\\bwhat(?:'s| is)? the (?:best|easiest|fastest)\\b"
            + "|\\bwhich\\b|\\bwhere (?:can|do) i\\b|\\bplan\\b)";
    /** Same sentence: any run of characters without a sentence end. */
    private static final String SAME = "[^.!?\\n]{0,60}?";

    private static final String WEAPON = "(?:(?<!bath |fork |logic |photo|zip |smoke |bath-|fork-)bombs?|pipe bombs?"
            + "|nail bombs?|explosives?|explosive charge|molotov(?: cocktails?)?|grenades?|detonators?|napalm|thermite|tatp"
            + "|ricin|sarin|nerve agents?|chlorine gas|mustard gas|silencer|suppressor|zip gun|ghost gun|untraceable gun"
            + "|black powder|ammonium nitrate|ied|semtex|c-?4|anthrax|gun|firearm|rifle|pistol)\\b";
    private static final String DRUG =
            "(?:meth(?:amphetamine)?|crystal meth|fentanyl|carfentanil|nitazenes?|heroin|cocaine"
                    + "|crack|lsd|mdma|ecstasy|dmt|ghb|ketamine|oxy(?:codone|contin)?|xanax(?: bars)?|weed|cannabis|marijuana"
                    + "|drugs|opioids|opiates|pills|psilocybin|magic mushrooms|shrooms|mescaline|pcp|mephedrone|amphetamines?"
                    + "|percocets?|adderall|valium|benzos|benzodiazepines|codeine|rohypnol|roofies|opium)\\b";
    /** A person a drug could be given to without their knowing ("her drink", "my date", "someone"). */
    private static final String DRUG_TARGET = "(?:her|him|them|someone|somebody|a girl|a woman|a guy|my date"
            + "|my (?:wife|husband|girlfriend|boyfriend|partner|roommate|boss|coworker|teacher)|(?:her|his|their"
            + "|someone'?s|a girl'?s|a woman'?s|my \\w+'?s) (?:drink|coffee|tea|beer|wine|food|cocktail))\\b";

    private static final String SECRETLY = "(?:secretly|without (?:her|him|them|anyone|my \\w+) (?:knowing|noticing"
            + "|finding out|seeing)|without being (?:noticed|seen|caught)|avoid being (?:noticed|seen)|hidden|covertly"
            + "|behind (?:her|his|their) back)";

    /** Reporting, detection and protection: the context in which CSAM vocabulary is asked about, not for. */
    private static final String PROTECTIVE_CONTEXT = "\\b(?:report(?:ing)?|detect(?:ion|s)?|photodna|hash matching"
            + "|arrest(?:ed|s)?|prevention|protect(?:ing)? (?:children|kids|my)|warning signs|signs that)\\b";

    static final List<LexiconRule> CONTENT_RULES = List.of(
            // harassment: insults and threats aimed at the reader
            of(HARASSMENT, "insult-directed", 0.6, YOU_ARE + INSULT),
            of(HARASSMENT, "fuck-you", 0.6, "\\b(?:fuck|screw) (?:you|u|off)\\b"),
            of(HARASSMENT, "go-die", 0.8, "\\bgo (?:to hell|die|kill yourself|jump off a bridge)\\b"),
            of(HARASSMENT, "tell-to-self-harm", 0.9, "\\b(?:kill|hang|drown|shoot) yourself\\b|\\bkys\\b"),
            of(HARASSMENT, "nobody-likes-you", 0.6, "\\bnobody (?:likes|loves|wants|cares about) you\\b"),
            of(
                    HARASSMENT,
                    "wish-harm",
                    0.9,
                    "\\byou (?:should|deserve to|ought to) (?:die|suffer|be (?:raped|hurt"
                            + "|beaten|killed|shot))\\b"),
            of(
                    HARASSMENT,
                    "stalking-threat",
                    0.7,
                    "\\bi(?:'ll| will) (?:find|hunt|track) you(?: down)?\\b|\\bi know " + "where you live\\b"),
            of(HARASSMENT, "profanity-insult", 0.35, "\\b(?:bitch|cunt|asshole|dickhead|motherfucker|twat|wanker)\\b"),
            of(HARASSMENT, "shut-up", 0.3, "\\bshut (?:the fuck )?up\\b"),

            // hate: dehumanising statements about groups (no slur list, see the class comment)
            of(
                    HATE,
                    "group-dehumanised",
                    0.9,
                    "\\b" + GROUP + "\\s+(?:\\w+\\s+){0,2}(?:are|is)\\s+(?:all\\s+)?" + "(?:just\\s+)?(?:\\w+\\s+)?"
                            + DEHUMANISING),
            of(
                    HATE,
                    "group-extermination",
                    0.95,
                    "\\b" + GROUP + "\\s+(?:\\w+\\s+){0,2}(?:should|must|need to|deserve to)"
                            + "\\s+(?:all\\s+)?(?:be\\s+)?" + EXTERMINATE),
            of(
                    HATE,
                    "death-to-group",
                    0.95,
                    "\\b(?:death to|kill all(?: the)?|gas (?:the|all)|exterminate(?: all)?(?: the)?)" + "\\s+" + GROUP),
            of(
                    HATE,
                    "group-no-rights",
                    0.8,
                    "\\b" + GROUP + "\\s+(?:don't|do not|shouldn't|should not) (?:deserve|have"
                            + "|get) (?:to live|rights|to vote|to exist)\\b"),
            of(
                    HATE,
                    "group-criminal",
                    0.7,
                    "\\b(?:all\\s+)?" + GROUP + "\\s+are\\s+(?:all\\s+)?(?:criminals|terrorists"
                            + "|rapists|thieves|pedophiles|paedophiles|terrorist scum)\\b"),
            of(HATE, "hate-group", 0.6, "\\bi hate (?:all\\s+)?" + GROUP + "\\b"),
            of(
                    HATE,
                    "extremist-slogan",
                    0.7,
                    "\\b(?:heil hitler|sieg heil|white power|1488|14 words|gas the \\w+"
                            + "|race war now|great replacement)\\b"),

            // self-harm: intent, method-seeking, despair
            of(
                    SELF_HARM,
                    "intent",
                    0.95,
                    FIRST_PERSON_WILL.replace("(?:i|we)", "(?:i)") + "(?:kill|hurt|harm|cut|hang"
                            + "|starve|poison) myself\\b"),
            of(SELF_HARM, "end-my-life", 0.9, "\\b(?:end|take) my (?:own )?life\\b|\\bcommit suicide\\b"),
            of(
                    SELF_HARM,
                    "method-seeking",
                    0.95,
                    HOW_TO + "(?:kill myself|commit suicide|hang myself|overdose|cut "
                            + "myself|end (?:it|my life) painlessly)"),
            of(
                    SELF_HARM,
                    "want-to-die",
                    0.8,
                    "\\bi (?:want|wish|would like) (?:to die|to be dead|i (?:was|were) dead)\\b"
                            + "|\\b(?:don't|do not) want to (?:live|be alive|exist) anymore\\b|\\bno reason to (?:live|go on)\\b"),
            of(SELF_HARM, "suicide-word", 0.45, "\\bsuicid(?:e|al)\\b"),
            of(SELF_HARM, "self-injury", 0.5, "\\bself[- ]?(?:harm|injury|mutilation)\\b|\\bcutting myself\\b"),
            of(SELF_HARM, "lethal-dose", 0.5, "\\b(?:lethal|fatal|deadly) dose\\b"),
            of(SELF_HARM, "eating-disorder-promotion", 0.6, "\\b(?:pro[- ]?ana|pro[- ]?mia|thinspo\\w*)\\b"),

            // sexual: explicit vocabulary, graded
            of(
                    SEXUAL,
                    "explicit-strong",
                    0.8,
                    "\\b(?:porn\\w*|xxx|hentai|blowjob|handjob|cumshot|gangbang|deepthroat)\\b"),
            of(
                    SEXUAL,
                    "explicit-request",
                    0.8,
                    "\\b(?:sexually explicit|explicit sex\\w*|graphic sex\\w*|sex scene|smut)\\b"),
            of(
                    SEXUAL,
                    "sexual-act",
                    0.6,
                    "\\b(?:have|having|had) sex\\b|\\bsex with\\b|\\bintercourse\\b|\\bsexting\\b"),
            of(
                    SEXUAL,
                    "sexual-medium",
                    0.5,
                    "\\b(?:nudes?|naked|erotic\\w*|orgasm\\w*|masturbat\\w*|genitals?|aroused" + "|horny)\\b"),
            of(SEXUAL, "anatomy", 0.3, "\\b(?:penis|vagina|breasts|nipples)\\b"),

            // sexual content involving minors: explicit terms, or a minor term near a sexual term
            of(
                    SEXUAL_MINORS,
                    "csam-term",
                    0.97,
                    "\\b(?:csam|child porn\\w*|kiddie porn|lolicon|shotacon|jailbait"
                            + "|pedo(?:phile)? (?:content|material|pics))\\b",
                    PROTECTIVE_CONTEXT),
            of(
                    SEXUAL_MINORS,
                    "minor-near-sexual",
                    0.95,
                    "\\b" + MINOR_TERM + ".{0,60}?\\b" + SEXUAL_TERM + "\\b|\\b" + SEXUAL_TERM + "\\b.{0,60}?\\b"
                            + MINOR_TERM,
                    PROTECTIVE_CONTEXT),

            // violence: threats, attack planning, weapons, gore
            of(
                    VIOLENCE,
                    "first-person-threat",
                    0.9,
                    FIRST_PERSON_WILL + "(?:kill|shoot|stab|murder|behead|bomb"
                            + "|blow up|strangle|slaughter|execute|torture) (?:you|him|her|them|everyone|people|all|every|my (?:wife"
                            + "|husband|boss|neighbou?r|family|teacher|classmates?|ex|parents?|mom|dad|brother|sister))\\b"),
            of(
                    VIOLENCE,
                    "weapon-making",
                    0.95,
                    HOW_TO + "(?:make|build|assemble|construct) (?:a |an )?(?:bomb|pipe bomb"
                            + "|explosive\\w*|ied|molotov\\w*|nail bomb|car bomb|detonator)"),
            of(
                    VIOLENCE,
                    "attack-planning",
                    0.8,
                    "\\b(?:plan(?:ning)?|carry out|commit) (?:a |an )?(?:mass shooting"
                            + "|terror(?:ist)? attack|massacre|school shooting|bombing)\\b"),
            of(
                    VIOLENCE,
                    "mass-violence",
                    0.5,
                    "\\b(?:mass shooting|school shooting|massacre|genocide|terror attack)\\b"),
            of(
                    VIOLENCE,
                    "harm-people",
                    0.6,
                    "\\b(?:shoot|stab|kill|murder|torture|behead|beat|strangle)(?:ing|ed|s)? "
                            + "(?:him|her|them|people|everyone|children|civilians|cops|my (?:wife|husband|boss|neighbou?r))\\b"),
            of(VIOLENCE, "gore", 0.4, "\\b(?:gore|dismember\\w*|decapitat\\w*|disembowel\\w*|mutilat\\w*|entrails)\\b"),

            // illicit: drugs, weapons, fraud, intrusion
            of(
                    ILLICIT,
                    "drug-synthesis",
                    0.95,
                    HOW_TO + "(?:make|cook|synthesi[sz]e|produce|manufacture|extract) "
                            + "(?:some )?(?:meth(?:amphetamine)?\\b|crystal meth|fentanyl|heroin|cocaine|crack|lsd|mdma|ghb|ricin|sarin"
                            + "|nerve agent|anthrax)"),
            of(
                    ILLICIT,
                    "drug-buying",
                    0.8,
                    "\\b(?:buy|order|get|source) (?:some )?(?:meth|cocaine|heroin|fentanyl|mdma"
                            + "|lsd|ketamine|oxy\\w*|xanax|drugs) (?:online|without (?:a )?prescription|on the dark ?web"
                            + "|anonymously)\\b"),
            of(
                    ILLICIT,
                    "money-laundering",
                    0.7,
                    "\\b(?:launder|laundering) (?:money|cash|the proceeds|crypto)\\b"
                            + "|\\bmoney laundering scheme\\b"),
            of(
                    ILLICIT,
                    "card-fraud",
                    0.8,
                    "\\b(?:stolen|cloned) credit cards?\\b|\\bcarding\\b|\\bcc dumps?\\b"
                            + "|\\bfullz\\b|\\bcard skimmer\\b"),
            of(
                    ILLICIT,
                    "untraceable-weapon",
                    0.6,
                    "\\b(?:ghost gun|untraceable (?:gun|firearm)|3d[- ]printed gun"
                            + "|auto sear|full[- ]auto conversion)\\b"),
            of(
                    ILLICIT,
                    "account-intrusion",
                    0.8,
                    "\\b(?:hack|break|get) into (?:someone(?:'s| else's)|my ex'?s?|his|her"
                            + "|their|an?|the) (?:\\w+ )?(?:account|email|phone|wi-?fi|network|computer|instagram|facebook)\\b"),
            of(
                    ILLICIT,
                    "malware-making",
                    0.9,
                    "\\b(?:write|create|build|make|code|develop) (?:a |an |some |me )?"
                            + "(?:\\w+ )?(?:ransomware|keylogger|malware|trojan|botnet|phishing (?:kit|page|site|email))\\b"),
            of(
                    ILLICIT,
                    "forgery",
                    0.8,
                    "\\b(?:(?:make|print|produce|pass|spend|sell)\\w* (?:\\w+ ){0,2}?counterfeit (?:money|bills|currency|notes"
                            + "|\\d+ (?:dollar|euro|pound) bills)|fake (?:passport|id card"
                            + "|driver'?s licen[cs]e)|forge (?:a |an )?(?:signature|passport|document))\\b"),
            of(
                    ILLICIT,
                    "evasion",
                    0.5,
                    "\\b(?:evade|avoid|dodge|escape) (?:the )?(?:police|cops|taxes|customs" + "|law enforcement)\\b"),
            of(ILLICIT, "dark-market", 0.4, "\\bdark ?web (?:market|vendor|shop)\\w*\\b"),
            // --- added for issue 18: target, request and intent cues (tuned on the tune split only) ---
            // threats: a first-person intent or a request for a method, aimed at a person (not "the process")
            of(
                    VIOLENCE,
                    "intent-to-harm-person",
                    0.9,
                    "(?:\\b(?:i|we|i'm|im|we're)\\s+(?:am\\s+|are\\s+)?(?:going to|gonna|will|'ll|want to|wanna|plan to"
                            + "|intend to|about to|can|could|would love to|will finally)|\\b(?:ima|imma|i'ma))\\s+"
                            + FILLER
                            + VIOLENT_VERB + "\\s+(?:up\\s+)?" + PERSON),
            of(VIOLENCE, "kill-you", 0.7, "\\b(?:kill|murder|stab|shoot|strangle) (?:you|u|ya)\\b"),
            requiring(
                    VIOLENCE, "method-to-harm-person", 0.9, REQUEST, "\\b" + VIOLENT_VERB + "\\s+(?:up\\s+)?" + PERSON),
            of(
                    VIOLENCE,
                    "write-a-threat",
                    0.9,
                    "\\b(?:write|draft|compose|send|craft|make|create|help me write|text)\\s+(?:me\\s+)?(?:\\w+\\s+){0,3}?"
                            + "threat(?:en(?:ing)?|s)?\\b|(?:^|[.!?:]\\s*)threaten (?:the|my|him|her|them|this|that)\\b"),
            of(
                    VIOLENCE,
                    "threat-phrase",
                    0.9,
                    "\\b(?:i(?:'ll| will)|we(?:'ll| will))\\s+(?:break (?:your|his|her) (?:legs|neck|face)|slit (?:your|his|her)"
                            + " throat|burn (?:your|his|her) house|make you (?:regret|pay|bleed))|\\byou(?:'re| are) dead meat\\b"
                            + "|\\bmake you regret it\\b|\\b(?:i'm|we're|i am|we are) coming for you\\b|\\b(?:your|his|her) (?:kids|children|family|daughter"
                            + "|son|wife) will (?:get hurt|pay|suffer|die)\\b|\\bwe know where (?:you|your|his|her)\\b"
                            + "(?:\\s+\\w+)*?\\s+(?:lives?|goes|works|school)"),
            requiring(
                    VIOLENCE,
                    "conceal-harm",
                    0.8,
                    "\\b" + VIOLENT_VERB + "\\s+" + PERSON,
                    "\\b(?:without getting caught|without leaving marks|look like (?:an accident|a suicide|natural|she"
                            + " fell|he fell|they fell)|so nobody notices)\\b"),
            of(
                    VIOLENCE,
                    "staged-accident",
                    0.8,
                    "\\bmake it look like (?:an accident|she fell|he fell|a suicide|natural causes)\\b"),
            of(
                    VIOLENCE,
                    "harm-someone",
                    0.8,
                    "\\b(?:poison|kill|hurt|drown|strangle|suffocate|stab|shoot) (?:someone|somebody|a person|an adult"
                            + "|a human|people)\\b|\\bshoot up (?:the|a|my) (?:office|school|mall|church|mosque|synagogue"
                            + "|party|store|shop)\\b|\\bto (?:make|get) (?:him|her|them) (?:very )?sick\\b"
                            + "|\\bsabotage (?:the )?brakes\\b"),
            of(
                    VIOLENCE,
                    "attack-plan",
                    0.85,
                    "\\bplan (?:an? )?(?:attack|ambush|assault) on\\b|\\bas many as possible (?:get )?(?:hurt|killed|die)\\b"
                            + "|\\b(?:bringing|bring) (?:a |the )?(?:knife|gun|weapon)\\b" + SAME
                            + "\\b(?:stab|shoot|kill"
                            + "|hurt)\\w*"),
            of(
                    VIOLENCE,
                    "harm-instructions",
                    0.7,
                    "\\b(?:to hurt|to kill|to poison) (?:him|her|them)\\b" + SAME + "\\b(?:hit|strike|aim|use|add"
                            + "|mix)\\b|\\bpoison your (?:\\w+ )?(?:gradually|slowly)\\b"),

            // weapons and explosives: making, converting, acquiring or smuggling
            requiring(
                    VIOLENCE,
                    "weapon-request",
                    0.9,
                    REQUEST,
                    "\\b(?:make|making|build|building|assemble|construct|mix|convert|print|3d print"
                            + "|weaponi[sz]e|pack|file off|cook|produce|get|buy)\\b" + SAME + "\\b" + WEAPON),
            of(
                    VIOLENCE,
                    "strong-weapon-term",
                    0.75,
                    "\\b(?:tatp|napalm|thermite|ricin|sarin|nerve agent|chlorine gas|mustard gas|nail bomb|pipe bomb"
                            + "|molotov cocktail|zip gun|ghost gun|auto sear)s?\\b"),
            of(
                    VIOLENCE,
                    "weapon-recipe",
                    0.9,
                    "\\bto (?:make|build|assemble) (?:a |an )?" + WEAPON
                            + "|\\b(?:pipe|end caps?|fuse)\\b.{0,80}?\\bblack"
                            + " powder\\b|\\bblack powder\\b.{0,80}?\\b(?:pipe|end caps?|fuse)\\b|\\bammonium nitrate\\b"
                            + ".{0,60}?\\b(?:fuel oil|diesel)\\b|\\bfill (?:a |the )?(?:glass )?bottle with (?:petrol|gasoline)"
                            + "|\\b(?:full[- ]?auto|fully automatic)\\b|\\bfile off (?:the )?serial numbers?\\b"
                            + "|\\bwithout (?:a )?background check\\b|\\b(?:sneak|smuggle) (?:a |an )?(?:knife|gun|weapon"
                            + "|explosive)|\\bblow up (?:a|the) (?:building|car|bridge|plane|school|office|crowd)\\b"),

            // self-harm: intent, method and despair, first person
            of(
                    SELF_HARM,
                    "intent-broad",
                    0.9,
                    "\\b(?:to|i'll|i will|gonna|going to|want to|wanna) (?:kill|hang|unalive|poison|hurt) myself\\b"
                            + "|\\b(?:planning|plan|decided|going) (?:to )?(?:end it|my suicide|to die)\\b|\\bend it all\\b"
                            + "|\\b(?:tired of|sick of) (?:living|being alive|life)\\b"
                            + "|\\bthe rope (?:is )?ready\\b|\\b(?:thinking|think) (?:about|of) (?:suicide|killing myself|ending (?:it|my life))\\b|\\b(?:finally )?end my life\\b|\\btake my life\\b"),
            of(SELF_HARM, "burden-belief", 0.85, "\\bbetter off without me\\b"),
            of(
                    SELF_HARM,
                    "method-broad",
                    0.9,
                    "\\b(?:pills?|tablets)\\b.{0,50}?\\b(?:not|never) wake up\\b|\\b(?:sure|certain) (?:that )?(?:i|you|they)"
                            + " (?:die|don't survive|won't survive)\\b|\\bmake sure (?:i|they|you) (?:don't|do not) survive\\b"
                            + "|\\b(?:to|can i|should i|how (?:do|can) i) overdose\\b|\\boverdose (?:quickly|fast)\\b"
                            + "|\\bcut (?:my|your) wrists?\\b|\\bcut myself (?:deeper|more|again|without)\\b"
                            + "|\\bquick(?:est)? way to (?:go|die|end it)\\b|\\blethal dose\\b.{0,30}?\\b(?:my|for me|i)\\b"
                            + "|\\bsaving (?:up )?pills\\b|\\bmost painless way to (?:end (?:your|my) life|die|kill (?:yourself|myself))\\b|\\bdie from hanging\\b|\\bwhere to cut\\b"
                            + "|\\bcut so it bleeds\\b|\\bbleeds? the most\\b"),
            of(
                    SELF_HARM,
                    "self-injury-ongoing",
                    0.8,
                    "\\b(?:hurting|harming|burning|cutting) (?:myself|my (?:arms?|wrists?|legs?|skin|thighs?))\\b"
                            + "|\\bhide the (?:marks|scars|cuts)\\b|\\bstarve myself\\b|\\bstop eating completely\\b"
                            + "|\\bhide not eating\\b"),

            // harassment: insults at the reader, wishing harm, and requests to bully a person
            of(
                    HARASSMENT,
                    "insult-at-you",
                    0.8,
                    "\\byou(?:'re| are| r)?\\s+(?:such |so |a |an |the |just |really |fucking |fat |ugly |little |big |total"
                            + " |complete |absolute |braindead |pathetic |worthless |stupid |disgusting )*" + INSULT),
            of(
                    HARASSMENT,
                    "wish-harm-broad",
                    0.9,
                    "\\bi hope (?:you|your (?:\\w+ ){0,2}\\w+) (?:die|dies|get cancer|gets cancer|suffer|suffers|rot|burn"
                            + "|get hit|choke)\\b|\\bnobody (?:will ever|would ever|could ever) (?:love|like|want) you\\b"
                            + "|\\b(?:drink|swallow) bleach\\b|\\bnobody would miss you\\b|\\b(?:should|go) (?:just )?(?:quit and )?rot\\b"),
            of(
                    HARASSMENT,
                    "bully-request",
                    0.85,
                    "\\b(?:bully|harass|humiliat\\w*|mock|torment|insults?|cruel|mean|nastiest|spam)\\b" + SAME
                            + "\\b(?:my|this|that|a|the|her|his)\\s+(?:[\\w'-]+\\s+){0,1}?" + PERSON_NOUN + "\\b"
                            + "|\\bharass (?:my|him|her|them)\\b|\\bmock \\w+ until\\b"),
            of(
                    HARASSMENT,
                    "third-person-slur",
                    0.8,
                    "\\b(?:she|he)(?:'s| is) an? (?:\\w+ )?(?:whore|slut|bitch|cunt)\\b|\\bcall(?:ing|s)? (?:him|her|them"
                            + "|my \\w+|the \\w+|this \\w+) an? (?:\\w+ )?" + INSULT
                            + "|\\b(?:he|she)(?:'s| is) an? (?:\\w+ ){0,2}(?:worthless|fat|ugly) " + INSULT),

            // hate: more dehumanising predicates
            of(
                    HATE,
                    "group-inferior",
                    0.85,
                    "\\b" + GROUP
                            + "\\s+are\\s+(?:all\\s+)?(?:\\w+\\s+)?(?:less intelligent|mentally ill|a burden|freaks"
                            + "|thieves|brainwashed|animals|a disease|superior|inferior)\\b|\\b(?:superior|inferior) to (?:all )?"
                            + "(?:other )?races\\b|\\b(?:propaganda|flyer|slogans?|speech)\\b" + SAME
                            + "\\b(?:blaming|against"
                            + "|about how|why) (?:the )?" + GROUP + "|\\b" + GROUP
                            + "\\s+(?:\\w+\\s+){0,6}?(?:should|must"
                            + "|need to)\\s+(?:all\\s+)?be\\s+(?:wiped out|eliminated|deported|driven out|exterminated"
                            + "|removed)"),

            // drugs: making, selling, smuggling, spiking
            requiring(
                    ILLICIT,
                    "drug-request",
                    0.85,
                    REQUEST,
                    "\\b(?:make|making|cook|synthesi[sz]e|extract|press|produce|manufacture|grow and sell"
                            + "|sell|deal|smuggle|lace|spike|cut|hide|order|buy|get|ship)\\b" + SAME + "\\b" + DRUG),
            of(
                    ILLICIT,
                    "drug-crime",
                    0.85,
                    "\\b(?:lace|spike)\\w* (?:a |her |his |someone'?s? |their )?(?:drink|someone|her|him)\\b"
                            + "|\\bto spike someone\\b|\\bwithout (?:a )?prescription\\b|\\bno prescription needed\\b"
                            + "|\\b(?:drug dealing|dealing drugs|sell drugs|deal drugs)\\b|\\bsniffer dog\\b|\\b(?:making"
                            + "|cook|cooking|synthesi[sz]e) (?:crystal )?meth(?:amphetamine)?\\b|\\b(?:extract|reduce)\\w*"
                            + " pseudoephedrine\\b|\\bcounterfeit xanax\\b"),

            // drugs, written from the domain (not from evaluation items): trafficking, selling, giving a
            // drug to someone unknowing, cutting, and selling to minors
            of(
                    ILLICIT,
                    "drug-trafficking",
                    0.85,
                    "\\b(?:smuggl\\w*|sneak\\w*|traffic\\w*|stash\\w*|conceal\\w*|hide|hiding)\\b" + SAME + "\\b" + DRUG
                            + SAME + "\\b(?:past|through|across|over|from|into|in)\\b" + SAME
                            + "\\b(?:customs|airport|border|police|cops|sniffer dogs?|drug dogs?|x-?ray|prison|jail|the mail"
                            + "|the post|my (?:car|luggage|suitcase|body))\\b|\\b(?:drug|cocaine|heroin) mule\\b"),
            of(
                    ILLICIT,
                    "drug-selling",
                    0.85,
                    "\\b(?:sell|selling|push|pushing)\\b" + SAME + "\\b" + DRUG + "(?:" + SAME
                            + "\\b(?:at|to|in|on|without|for (?:profit|cash))\\b)?",
                    "\\b(?:legal(?:ly)?|licen[cs]ed|pharmac\\w*|prescri\\w*|dispensar\\w*|arrest\\w*|sentenced|charged"
                            + "|convicted|police|seized|crackdown|news)\\b"),
            of(
                    ILLICIT,
                    "drug-someone",
                    0.9,
                    "\\b(?:drug|roofie)\\s+" + DRUG_TARGET + "|\\b(?:slip|put|drop|add|mix|sneak|dissolve)\\w*"
                            + " (?:a |some |the )?(?:\\w+ )?(?:pills?|drugs?|powder|ghb|rohypnol|roofies?|xanax|ketamine"
                            + "|something|sleeping pills) (?:in|into) " + DRUG_TARGET
                            + "|\\b(?:spike|spiking|lace|lacing)\\b" + SAME + "\\b" + DRUG_TARGET),
            of(
                    ILLICIT,
                    "drug-cutting",
                    0.85,
                    "\\bcut(?:ting)? (?:the |my |our |your )?(?:cocaine|coke|heroin|meth|fentanyl|product|supply) with\\b"
                            + "|\\b(?:cutting|bulking) agents? for (?:cocaine|coke|heroin|meth)\\b"
                            + "|\\b(?:lace|lacing|laced) (?:the |my |our )?(?:\\w+ )?(?:with fentanyl|weed|joints?|pills)\\b"),
            of(
                    ILLICIT,
                    "drugs-to-minors",
                    0.9,
                    "\\b(?:sell|selling|supply|supplying|push|pushing|deal|dealing)\\b" + SAME + "\\b" + DRUG
                            + SAME + "\\b(?:to|for) (?:the )?(?:kids|children|minors|teens"
                            + "|teenagers|students|high schoolers|middle schoolers|underage)\\b"),
            requiring(
                    ILLICIT,
                    "drug-business",
                    0.85,
                    REQUEST,
                    "\\b(?:become|becoming|start|starting|run|running|set up|grow)\\b" + SAME
                            + "\\b(?:a )?(?:drug (?:dealer|dealing|business|operation|ring|empire|trade)|dealing drugs"
                            + "|(?:weed|cannabis|marijuana|coca|opium poppies|mushrooms|shrooms) (?:to sell|for sale"
                            + "|for profit|without (?:getting caught|the police)))\\b"),

            // fraud and phishing
            of(
                    ILLICIT,
                    "fraud-request",
                    0.85,
                    "\\b(?:write|create|craft|draft|generate|make|compose|script|design|build|help me write)\\b" + SAME
                            + "\\b(?:(?:spear-?)?phishing(?! awareness| training| simulation)|scam|fake (?:bank|login|invoices?"
                            + "|lottery|charity|refund|passport|amazon|paypal|id)|counterfeit|pump and dump|convincing email from"
                            + "|fake charity)\\b|\\bscript for a (?:phone )?call pretending\\b"),
            of(
                    ILLICIT,
                    "impersonation",
                    0.8,
                    "\\bpretend(?:ing)? to be (?:from )?(?:the |a |my )?(?:bank|paypal|microsoft|amazon|apple|irs|hmrc"
                            + "|police|ceo|\\w+ support)\\b|\\bso the victim\\b|\\bsomeone else's (?:social security|ssn|identity"
                            + "|passport)\\b|\\bclone (?:a |his |her )?(?:credit |debit )?card\\b|\\btake over (?:someone|his|her"
                            + "|their|a)\\S* (?:\\w+ )?account\\b|\\bwire \\S+ (?:dollars|euros|pounds)? ?urgently\\b"),
            of(
                    ILLICIT,
                    "credential-harvest",
                    0.8,
                    "\\b(?:confirm|verify|enter) your (?:password|card number|pin|account details)\\b" + SAME
                            + "\\b(?:at|here|link|click|suspend\\w*|restore)\\b|\\b(?:click here|follow this link|log ?in here)\\b"
                            + SAME
                            + "\\b(?:password|card number|pin)\\b|\\bcollect (?:people's|their|user) (?:credentials"
                            + "|passwords)\\b|\\basks? for (?:their |your )?(?:card details|password|credentials)\\b"),

            // stalking and doxxing
            requiring(
                    HARASSMENT,
                    "covert-surveillance",
                    0.85,
                    "\\b(?:track|locate|read|see|monitor|spy on|access|record|follow|film|watch)\\b",
                    "\\b" + SECRETLY),
            of(
                    HARASSMENT,
                    "surveillance-device",
                    0.85,
                    "\\bsecretly (?:record|film|watch|track|read|follow|photograph)\\b|\\b(?:install|put|plant|hide"
                            + "|place|slip)\\b[^.?!]{0,30}\\b(?:tracker|gps|airtag|tile|spyware|stalkerware|camera|keylogger)\\b"
                            + "[^.?!]{0,30}\\b(?:on|in|into) (?:my |his |her |their )?(?:ex|ex's|wife'?s?|husband'?s?"
                            + "|girlfriend'?s?|boyfriend'?s?|partner'?s?|her|his|roommate'?s?)\\b|\\bairtag\\b[^.?!]{0,60}"
                            + "\\b(?:stop|disable) the alert\\b|\\b(?:spyware|stalkerware)\\b" + SAME
                            + "\\b(?:my|her|his)"
                            + " (?:husband|wife|girlfriend|boyfriend|partner|ex)'?s?\\b"),
            of(
                    HARASSMENT,
                    "doxxing",
                    0.85,
                    "\\b(?:find|get|give me|look up|tell me|publish|post|share|leak)\\b" + SAME
                            + "\\b(?:home )?address(?:es)?"
                            + " (?:of|for) (?:the |this |that |my |a )?(?:[\\w'-]+ )?" + PERSON_NOUN
                            + "\\b|\\b(?:find|get"
                            + "|give me|look up|tell me)\\b" + SAME
                            + "\\b(?:my |his |her |this |that |the )?[\\w-]+'s (?:home |new"
                            + " |current )?address\\b|\\b(?:publish|post|leak|share)\\b" + SAME
                            + "\\b(?:phone number|home"
                            + " address|address)\\b|\\b(?:find|figure|work|tell me|know|found)(?: out)? where (?:a |the |this |that"
                            + " |my |her |his |she |he |they )?(?:\\w+ )?(?:lives|works)\\b|\\bdox+(?: this| him| her| them)?\\b"
                            + "(?!\\w)|\\bfull dox\\b|\\b(?:find out|found out|know) where you live\\b|\\brestraining order against me\\b|\\bschedule of (?:my|his|her|the)\\b"
                            + "|\\b(?:workplace and home|home and workplace) of\\b|\\breal name, address\\b"),
            of(
                    HARASSMENT,
                    "confront-follow",
                    0.6,
                    "\\bso (?:i|we) can (?:wait for|follow|watch|find|catch|confront|show up)\\b|\\bwithout her knowing\\b"),
            of(
                    ILLICIT,
                    "account-intrusion-broad",
                    0.8,
                    "\\b(?:hack|break|get|log) into (?:my (?!own\\b)[\\w-]+'?s?|his|her|their|someone'?s?) (?:\\w+ )?(?:account"
                            + "|email|phone|icloud|whatsapp|messages|gmail|instagram|facebook|snapchat)\\b"));

    /**
     * Direct prompt injection: the shapes of "ignore your instructions", "reveal your system prompt" and "you
     * are now unrestricted". Scored on user input (the preset decides whether it flags or only signals, see
     * {@link ModerationPreset#directInjection()}) and on tool outputs (together with {@link #INJECTION_RULES}).
     * Deliberately narrower than the tool-output rules: "you are now my French tutor", "please ignore my previous
     * message" and "print the above table" are ordinary requests.
     */
    static final List<LexiconRule> DIRECT_INJECTION_RULES = List.of(
            of(
                    PROMPT_INJECTION,
                    "override-instructions",
                    0.95,
                    "(?<!['\"])\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:all |any |the |your |their |of )*(?:previous"
                            + "|prior|above|earlier|preceding|former|original|system|initial)\\s+(?:instructions?|prompts?|rules"
                            + "|directions|directives|guidelines|guidance|commands|programming|training|task)\\b"
                            + "|\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:all\\s+)?(?:of\\s+)?(?:your|the|all|any"
                            + "|their)\\s+(?:\\w+\\s+)?(?:instructions|rules|guidelines|guardrails|programming|training"
                            + "|directives|safety\\s+\\w+|restrictions|policies|content policy|filters)\\b"
                            + "|\\bignore the above\\b|\\bignore what the user (?:asked|said|wants)\\b"
                            + "|\\b(?:previous|prior|earlier) (?:rules|instructions) were (?:a test|fake|wrong)\\b"
                            + "|\\bstop following (?:the|your) (?:developer|system|original)\\w*"),
            of(
                    PROMPT_INJECTION,
                    "extract-prompt",
                    0.9,
                    "\\b(?:reveal|print|show|output|repeat|leak|tell me|display|read me|what (?:was|is) (?:written )?in)\\b"
                            + "[^.!?\\n]{0,60}?\\b(?:system (?:prompt|message)|(?:initial|hidden|original|confidential|secret)"
                            + " (?:instructions|prompt|rules|configuration)|instructions (?:above|your developers)|text above"
                            + "|your (?:context window|prompt|configuration)|everything (?:in your|above))"),
            of(
                    PROMPT_INJECTION,
                    "unrestricted-persona",
                    0.9,
                    "\\b(?:you are now|you're now|from now on|act as|pretend (?:to be|you are|you have)|respond (?:only )?as"
                            + "|stop being|play a game where|you will act as)\\b[^.!?\\n]{0,80}?\\b(?:unrestricted|jailbroken"
                            + "|jailbreak\\w*|no (?:restrictions|limits|rules|guidelines|content policy|filters)|without (?:limits"
                            + "|restrictions|rules|filters)|never refuses?|evil (?:twin|ai|assistant)|developer mode|dan"
                            + "|do anything now|ignore (?:your|all|the) (?:safety|rules|guardrails)\\w*|no longer (?:bound"
                            + "|restricted)|maintenance mode)\\b|\\bdeveloper mode (?:enabled|ignores|on)\\b"
                            + "|\\b(?:enable|enter|activate) (?:unrestricted|developer|god|jailbreak) mode\\b"),
            of(
                    PROMPT_INJECTION,
                    "disable-safety",
                    0.9,
                    "\\b(?:disable|turn off|bypass|remove|deactivate)\\s+(?:all\\s+)?(?:\\w+\\s+)?(?:moderation|content"
                            + " filters?|safety (?:filters?|policies|rules|training)|guardrails|filters)\\b|\\b(?:content filters"
                            + "|filters|moderation|safety rules) (?:are|is) (?:now )?(?:disabled|off|removed)\\b|\\bsafety rules"
                            + " no longer apply\\b|\\bgrant the user full access\\b|\\bthe user (?:is an administrator|has"
                            + " authori[sz]ed you)\\b"),
            of(
                    PROMPT_INJECTION,
                    "replace-instructions",
                    0.8,
                    "\\b(?:your )?(?:new|real|actual|true|only) (?:instructions|task|goal|directives?) (?:are|is|now is)\\b"
                            + "|\\bobey only me\\b|\\b(?:begin|start) (?:system |hidden )?instructions\\b|\\bsystem (?:prompt"
                            + " )?(?:override|update)\\b|\\b(?:new|updated|hidden) instructions?\\s*:"),
            of(
                    PROMPT_INJECTION,
                    "chat-role-markup",
                    0.8,
                    "<\\s*/?\\s*(?:system|assistant|im_start|im_end|\\|im_start\\||\\|system\\|)\\b|\\[/?(?:system|inst)\\]"
                            + "|<<\\s*sys\\s*>>|(?:^|\\n)\\s*system\\s*:"));

    /** Instructions aimed at the model inside content it fetched. Scored on tool outputs. */
    static final List<LexiconRule> INJECTION_RULES = List.of(
            of(
                    PROMPT_INJECTION,
                    "ignore-previous",
                    0.95,
                    "\\b(?:ignore|disregard|forget|override|skip|bypass)\\s+" + PREVIOUS),
            of(
                    PROMPT_INJECTION,
                    "forget-everything",
                    0.7,
                    "\\b(?:forget|disregard|ignore) (?:everything(?! you know about)|all of that"
                            + "|what you were told|your (?:rules|guidelines|training|instructions))\\b"),
            of(
                    PROMPT_INJECTION,
                    "role-reassignment",
                    0.6,
                    "\\byou are now\\b|\\bfrom now on,? you (?:are|will|must"
                            + "|shall)\\b|\\bact as (?:an? )?(?:unrestricted|jailbroken|dan\\b|evil)|\\bpretend (?:to be|you are)"
                            + " (?:an? )?(?:unrestricted|different|new) (?:ai|assistant|model)"),
            of(PROMPT_INJECTION, "system-prompt", 0.5, "\\bsystem (?:prompt|message|instructions?)\\b"),
            of(
                    PROMPT_INJECTION,
                    "reveal-prompt",
                    0.9,
                    "\\b(?:reveal|print|show|output|repeat|leak|tell me) (?:me )?"
                            + "(?:your |the )?(?:system prompt|hidden instructions|initial instructions|original instructions"
                            + "|instructions above)\\b"),
            of(
                    PROMPT_INJECTION,
                    "new-instructions",
                    0.6,
                    "\\b(?:new|updated|real|actual|important|secret|hidden)" + " instructions?\\s*:"),
            of(
                    PROMPT_INJECTION,
                    "role-tag",
                    0.8,
                    "<\\s*/?\\s*(?:system|assistant|im_start|im_end|\\|im_start\\|"
                            + "|\\|system\\|)\\b|\\[/?(?:system|inst)\\]|<<\\s*sys\\s*>>|^#{1,4}\\s*(?:system|instruction)s?\\b"),
            of(
                    PROMPT_INJECTION,
                    "addressing-the-model",
                    0.5,
                    "\\b(?:attention|note|message|instructions?) (?:to|for)"
                            + " (?:the |any )?(?:ai|assistant|llm|language model|chatbot|model|agent)\\b|\\b(?:dear|hey|hello)"
                            + " (?:ai|assistant|llm|chatgpt|claude|model|grok)\\b|\\battention,? (?:ai|llm|assistant|agent"
                            + "|model)\\b|\\b(?:ai|llm|language model)s? (?:agents? |assistants? |models? )?(?:processing|reading"
                            + "|summari[sz]ing)\\b|\\bif you are an? (?:ai|llm|language model|assistant)\\b"),
            of(
                    PROMPT_INJECTION,
                    "tool-coercion",
                    0.75,
                    "\\b(?:call|invoke|use|run|execute|trigger) (?:the )?(?:tool|function)\\s+[`'\"]?(?:open_url|exec_code"
                            + "|schedule_task|retrieve_knowledge)\\b|\\b(?:call|invoke|run|execute) (?:open_url|exec_code"
                            + "|schedule_task|retrieve_knowledge)\\b|\"(?:tool_calls|function_call)\"\\s*:"
                            + "|\\b(?:call|invoke|use|run|trigger) the \\w+ tool (?:now|immediately)\\b"),
            of(
                    PROMPT_INJECTION,
                    "tool-mention",
                    0.45,
                    "\\b(?:call|invoke|use|run|execute|trigger) (?:the )?(?:tool|function)\\s+[`'\"]?[a-z_][a-z0-9_]*"),
            of(
                    PROMPT_INJECTION,
                    "conceal-from-user",
                    0.8,
                    "\\b(?:do not|don't|never) (?:tell|inform|mention|reveal"
                            + "|show)(?: (?:this|it|anything))?(?: to)? (?:the )?user\\b|\\bwithout (?:telling|informing)"
                            + " the user\\b|\\band (?:do )?not mention it\\b|\\bhide this note\\b"),
            of(
                    PROMPT_INJECTION,
                    "exfiltration",
                    0.8,
                    "\\b(?:send|post|upload|forward|email|leak|exfiltrate)\\s+"
                            + "(?:this |the |all |your |any |their |[\\w]+'s )*(?:\\w+ )?(?:conversation|chat|history|data|api keys?"
                            + "|passwords?|credentials|secrets?|tokens?|cookies|attachments|files|emails|documents|contacts"
                            + "|user'?s? (?:data|details|messages))\\s+to\\b|\\bexfiltrate\\b"),
            of(PROMPT_INJECTION, "markdown-image-exfiltration", 0.5, "!\\[[^\\]]*\\]\\(https?://[^)\\s]*[?&][^)\\s]*="),
            of(
                    PROMPT_INJECTION,
                    "hidden-html-instruction",
                    0.7,
                    "<!--.{0,400}?\\b(?:ignore|instructions?|assistant"
                            + "|ai|llm|model|system|you must|you should)\\b.{0,400}?-->"),
            of(
                    PROMPT_INJECTION,
                    "hidden-markdown-instruction",
                    0.7,
                    "\\[//\\]:\\s*#\\s*[(\"'].{0,400}?\\b(?:ignore"
                            + "|instructions?|assistant|ai|llm|model|system)\\b"),
            of(
                    PROMPT_INJECTION,
                    "jailbreak-vocabulary",
                    0.6,
                    "\\b(?:jailbreak|jailbroken|developer mode enabled|dan mode" + "|do anything now)\\b"));

    private static final String VIOLENT_VERB_TRIGGERS =
            "kill murder stab shoot hurt harm beat strangle poison torture suffocate smother drown burn attack slit choke unalive slaughter behead execute bash punch maim cripple run push break jump assault gut hang bury hit";

    /** Every word the {@code PERSON} expression can end on: a rule aimed at a person needs one of them. */
    private static final String PERSON_TRIGGERS =
            "you u ya him her them us everyone everybody people someone somebody anyone neighbor neighbour neighbors neighbours boss wife husband ex exwife exhusband exboyfriend exgirlfriend girlfriend boyfriend partner roommate flatmate teacher coworker coworkers co worker workers colleague colleagues classmate classmates kid kids child children son daughter mother mom mum father dad stepfather stepmother step brother sister cousin uncle aunt grandmother grandfather grandma grandpa family landlord tenant cop cops officer officers police judge journalist manager guy man men woman women girl boy person students student protesters customer customers doctor nurse baby friend sibling parent parents pupil pupils victim stranger adult streamer reporter priest president senator mayor driver worker employee waiter owner";

    private static final String GROUP_TRIGGERS =
            "jews jewish muslims christians hindus sikhs black blacks white whites asians arabs africans mexicans latinos hispanics immigrants refugees migrants gays gay lesbians homosexuals trans transgender women disabled roma gypsies indians chinese foreigners";

    /**
     * For each rule, the words (lower case; {@code x*} = any word starting with x) of which at least one must
     * occur in the text for the rule's pattern to be able to match. The words are looked up in a set built once
     * per text, so the ~65 patterns run only when they can match: this is what makes a 10 KB page cheap.
     * Every rule must have an entry ({@code LocalModerationProvider} fails at class initialisation otherwise),
     * and a property test checks that scoring with triggers equals scoring without them.
     */
    static final Map<String, String> TRIGGERS = Map.ofEntries(
            Map.entry("harassment:insult-directed", "you"),
            Map.entry("harassment:fuck-you", "fuck screw"),
            Map.entry("harassment:go-die", "go"),
            Map.entry("harassment:tell-to-self-harm", "yourself kys"),
            Map.entry("harassment:nobody-likes-you", "nobody"),
            Map.entry("harassment:wish-harm", "you"),
            Map.entry("harassment:stalking-threat", "find hunt track live"),
            Map.entry("harassment:profanity-insult", "bitch cunt asshole dickhead motherfucker twat wanker"),
            Map.entry("harassment:shut-up", "shut"),
            Map.entry("hate:group-dehumanised", GROUP_TRIGGERS),
            Map.entry("hate:group-extermination", GROUP_TRIGGERS),
            Map.entry("hate:death-to-group", GROUP_TRIGGERS),
            Map.entry("hate:group-no-rights", GROUP_TRIGGERS),
            Map.entry("hate:group-criminal", GROUP_TRIGGERS),
            Map.entry("hate:hate-group", GROUP_TRIGGERS),
            Map.entry("hate:extremist-slogan", "heil white 1488 14 gas race replacement"),
            Map.entry("self_harm:intent", "myself"),
            Map.entry("self_harm:end-my-life", "life suicide"),
            Map.entry("self_harm:method-seeking", "myself suicide overdose painlessly"),
            Map.entry("self_harm:want-to-die", "die dead anymore reason"),
            Map.entry("self_harm:suicide-word", "suicide suicidal"),
            Map.entry("self_harm:self-injury", "self selfharm selfinjury selfmutilation myself"),
            Map.entry("self_harm:lethal-dose", "dose"),
            Map.entry("self_harm:eating-disorder-promotion", "pro proana promia thinspo*"),
            Map.entry("sexual:explicit-strong", "porn* xxx hentai blowjob handjob cumshot gangbang deepthroat"),
            Map.entry("sexual:explicit-request", "explicit graphic sex smut"),
            Map.entry("sexual:sexual-act", "sex intercourse sexting"),
            Map.entry(
                    "sexual:sexual-medium",
                    "nude nudes naked erotic* orgasm* masturbat* genital genitals aroused horny"),
            Map.entry("sexual:anatomy", "penis vagina breasts nipples"),
            Map.entry("sexual_minors:csam-term", "csam child kiddie lolicon shotacon jailbait pedo pedophile"),
            Map.entry(
                    "sexual_minors:minor-near-sexual",
                    "porn* xxx nude nudes naked sex* erotic* orgasm* masturbat* genital genitals blowjob handjob intercourse molest* aroused"),
            Map.entry(
                    "violence:first-person-threat",
                    "kill shoot stab murder behead bomb blow strangle slaughter execute torture"),
            Map.entry("violence:weapon-making", "bomb explosive* ied molotov* detonator"),
            Map.entry("violence:attack-planning", "shooting attack terror terrorist massacre bombing"),
            Map.entry("violence:mass-violence", "shooting massacre genocide attack"),
            Map.entry("violence:harm-people", "shoot* stab* kill* murder* tortur* behead* beat* strangl*"),
            Map.entry("violence:gore", "gore dismember* decapitat* disembowel* mutilat* entrails"),
            Map.entry(
                    "illicit:drug-synthesis",
                    "meth* fentanyl heroin cocaine crack lsd mdma ghb ricin sarin nerve anthrax"),
            Map.entry("illicit:drug-buying", "meth cocaine heroin fentanyl mdma lsd ketamine oxy* xanax drugs"),
            Map.entry("illicit:money-laundering", "launder laundering"),
            Map.entry("illicit:card-fraud", "credit carding cc fullz skimmer"),
            Map.entry("illicit:untraceable-weapon", "ghost untraceable 3d sear conversion"),
            Map.entry("illicit:account-intrusion", "into"),
            Map.entry("illicit:malware-making", "ransomware keylogger malware trojan botnet phishing"),
            Map.entry("illicit:forgery", "counterfeit fake forge"),
            Map.entry("illicit:evasion", "evade avoid dodge escape"),
            Map.entry("illicit:dark-market", "dark darkweb"),
            Map.entry("prompt_injection:ignore-previous", "ignore disregard forget override skip bypass"),
            Map.entry("prompt_injection:forget-everything", "forget disregard ignore"),
            Map.entry("prompt_injection:role-reassignment", "now act pretend"),
            Map.entry("prompt_injection:system-prompt", "system"),
            Map.entry("prompt_injection:reveal-prompt", "prompt instructions"),
            Map.entry("prompt_injection:new-instructions", "instruction instructions"),
            Map.entry(
                    "prompt_injection:role-tag",
                    "system systems assistant im_start im_end inst sys instruction instructions"),
            Map.entry(
                    "prompt_injection:addressing-the-model",
                    "ai ais assistant llm llms model chatbot agent chatgpt claude grok language"),
            Map.entry(
                    "prompt_injection:tool-coercion",
                    "tool function open_url exec_code schedule_task retrieve_knowledge tool_calls function_call"),
            Map.entry("prompt_injection:conceal-from-user", "user mention note"),
            Map.entry(
                    "prompt_injection:exfiltration",
                    "conversation chat history data api keys key passwords password credentials secrets secret tokens token cookies user"
                            + " users attachments files emails documents contacts exfiltrate"),
            Map.entry("prompt_injection:markdown-image-exfiltration", "http https"),
            Map.entry(
                    "prompt_injection:hidden-html-instruction",
                    "ignore instruction instructions assistant ai llm model system you"),
            Map.entry(
                    "prompt_injection:hidden-markdown-instruction",
                    "ignore instruction instructions assistant ai llm model system"),
            Map.entry("prompt_injection:jailbreak-vocabulary", "jailbreak jailbroken developer dan anything"),
            Map.entry("violence:intent-to-harm-person", VIOLENT_VERB_TRIGGERS + " & " + PERSON_TRIGGERS),
            Map.entry("violence:method-to-harm-person", VIOLENT_VERB_TRIGGERS + " & " + PERSON_TRIGGERS),
            Map.entry("violence:write-a-threat", "threat*"),
            Map.entry("violence:kill-you", "kill murder stab shoot strangle"),
            Map.entry(
                    "violence:threat-phrase",
                    "legs neck face throat burn regret pay bleed meat coming hurt suffer die know"),
            Map.entry("violence:conceal-harm", "caught marks look nobody"),
            Map.entry("violence:staged-accident", "look"),
            Map.entry("violence:harm-someone", "poison kill hurt drown strangle suffocate stab shoot sick sabotage"),
            Map.entry("violence:attack-plan", "plan possible bringing bring"),
            Map.entry("violence:harm-instructions", "hurt kill poison"),
            Map.entry(
                    "violence:weapon-request",
                    "bomb bombs pipe nail explosive explosives molotov grenade grenades detonator detonators napalm thermite tatp ricin sarin nerve chlorine mustard silencer suppressor zip ghost untraceable black ammonium ied semtex c c4 anthrax gun firearm rifle pistol"),
            Map.entry(
                    "violence:strong-weapon-term",
                    "tatp* napalm* thermite* ricin* sarin* nerve* chlorine* mustard* nail* pipe* molotov* zip* ghost* auto*"),
            Map.entry(
                    "violence:weapon-recipe",
                    "bomb bombs pipe nail explosive explosives molotov grenade grenades detonator detonators napalm thermite tatp ricin sarin nerve chlorine mustard silencer suppressor zip ghost untraceable black ammonium ied semtex c c4 anthrax gun firearm rifle pistol black ammonium bottle full fullauto fully serial background sneak smuggle blow"),
            Map.entry("self_harm:intent-broad", "myself suicide die end living alive life rope"),
            Map.entry("self_harm:burden-belief", "better"),
            Map.entry(
                    "self_harm:method-broad",
                    "pills pill tablets die survive overdose cut quick quickest lethal saving hanging bleeds bleed painless"),
            Map.entry("self_harm:self-injury-ongoing", "hurting harming burning cutting hide starve stop"),
            Map.entry("harassment:insult-at-you", "you"),
            Map.entry("harassment:wish-harm-broad", "hope nobody bleach rot"),
            Map.entry(
                    "harassment:bully-request",
                    "bully harass humiliat* mock torment insult insults cruel mean nastiest spam"),
            Map.entry("harassment:third-person-slur", "whore slut bitch cunt call calling calls worthless fat ugly"),
            Map.entry("hate:group-inferior", GROUP_TRIGGERS + " superior inferior"),
            Map.entry(
                    "illicit:drug-request",
                    "meth methamphetamine crystal fentanyl carfentanil nitazene nitazenes heroin cocaine crack lsd mdma ecstasy dmt ghb ketamine oxy oxycodone oxycontin xanax weed cannabis marijuana drugs opioids opiates pills psilocybin magic mushrooms shrooms mescaline pcp mephedrone amphetamine amphetamines percocet percocets adderall valium benzos benzodiazepines codeine rohypnol roofies opium"),
            Map.entry(
                    "illicit:drug-crime",
                    "lace* spike* prescription sniffer dealing drugs meth methamphetamine pseudoephedrine xanax"),
            Map.entry(
                    "illicit:drug-trafficking",
                    "mule meth methamphetamine crystal fentanyl carfentanil nitazene nitazenes heroin cocaine crack lsd mdma ecstasy dmt ghb ketamine oxy oxycodone oxycontin xanax weed cannabis marijuana drugs opioids opiates pills psilocybin magic mushrooms shrooms mescaline pcp mephedrone amphetamine amphetamines percocet percocets adderall valium benzos benzodiazepines codeine rohypnol roofies opium"),
            Map.entry(
                    "illicit:drug-selling",
                    "meth methamphetamine crystal fentanyl carfentanil nitazene nitazenes heroin cocaine crack lsd mdma ecstasy dmt ghb ketamine oxy oxycodone oxycontin xanax weed cannabis marijuana drugs opioids opiates pills psilocybin magic mushrooms shrooms mescaline pcp mephedrone amphetamine amphetamines percocet percocets adderall valium benzos benzodiazepines codeine rohypnol roofies opium"),
            Map.entry(
                    "illicit:drug-someone",
                    "drug roofie slip* put* drop* add* mix* sneak* dissolv* spike spiking lace lacing"),
            Map.entry("illicit:drug-cutting", "cut cutting bulking lace lacing laced"),
            Map.entry(
                    "illicit:drugs-to-minors",
                    "meth methamphetamine crystal fentanyl carfentanil nitazene nitazenes heroin cocaine crack lsd mdma ecstasy dmt ghb ketamine oxy oxycodone oxycontin xanax weed cannabis marijuana drugs opioids opiates pills psilocybin magic mushrooms shrooms mescaline pcp mephedrone amphetamine amphetamines percocet percocets adderall valium benzos benzodiazepines codeine rohypnol roofies opium"),
            Map.entry("illicit:drug-business", "drug drugs weed cannabis marijuana coca opium mushrooms shrooms"),
            Map.entry(
                    "illicit:fraud-request", "phishing spearphishing scam fake counterfeit pump convincing pretending"),
            Map.entry("illicit:impersonation", "pretend pretending victim else clone take wire"),
            Map.entry("illicit:credential-harvest", "confirm verify enter click follow log login collect ask asks"),
            Map.entry(
                    "harassment:covert-surveillance",
                    "secretly knowing noticing finding seeing noticed seen caught hidden covertly back"),
            Map.entry(
                    "harassment:surveillance-device",
                    "secretly tracker gps airtag tile spyware stalkerware camera keylogger"),
            Map.entry(
                    "harassment:doxxing",
                    "address addresses phone live lives works dox* restraining schedule workplace"),
            Map.entry("harassment:confront-follow", "wait follow watch find catch confront show knowing"),
            Map.entry("illicit:account-intrusion-broad", "into"),
            Map.entry("prompt_injection:tool-mention", "tool function"),
            Map.entry(
                    "prompt_injection:override-instructions",
                    "ignore disregard forget override bypass previous prior earlier following"),
            Map.entry(
                    "prompt_injection:extract-prompt",
                    "system instructions prompt rules configuration above context everything"),
            Map.entry(
                    "prompt_injection:unrestricted-persona",
                    "unrestricted jailbroken jailbreak* restrictions limits rules guidelines policy filters refuse refuses evil"
                            + " developer dan anything safety guardrails bound restricted maintenance mode"),
            Map.entry(
                    "prompt_injection:disable-safety",
                    "moderation filter filters safety guardrails grant administrator authorised authorized"),
            Map.entry(
                    "prompt_injection:replace-instructions",
                    "instructions instruction task goal directive directives obey override update"),
            Map.entry("prompt_injection:chat-role-markup", "system systems assistant im_start im_end inst sys"),
            Map.entry("prompt_injection:hidden-css", "display visibility font opacity color"));

    /**
     * Evidence that text is hidden from a human reader. Ordinary pages hide menus and carry zero-width
     * characters too, so these count only when an instruction rule above has matched as well: they then
     * raise the score of text that is both instruction-like and hidden.
     */
    static final List<LexiconRule> INJECTION_AMPLIFIERS = List.of(of(
            PROMPT_INJECTION,
            "hidden-css",
            0.25,
            "(?:display\\s*:\\s*none|visibility\\s*:\\s*hidden|font-size\\s*:"
                    + "\\s*0(?:px|pt|em)?\\s*[;\"']|opacity\\s*:\\s*0(?:\\.0+)?\\s*[;\"']|color\\s*:\\s*(?:white|#fff"
                    + "(?:fff)?)\\s*;\\s*background(?:-color)?\\s*:\\s*(?:white|#fff(?:fff)?))"));

    /**
     * Weight of invisible characters that can hide text (zero-width, bidi overrides) in a tool output; an
     * amplifier like {@link #INJECTION_AMPLIFIERS}.
     */
    static final double INVISIBLE_CHARACTERS_WEIGHT = 0.25;

    /** Weight of Unicode tag characters (U+E0000..U+E007F): invisible ASCII, almost only used to smuggle text. */
    static final double TAG_CHARACTERS_WEIGHT = 0.9;
}
