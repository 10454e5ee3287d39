package ai.lukhas.pwm.governance.moderation;

import static ai.lukhas.pwm.governance.moderation.LexiconRule.of;
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
            + "|disgusting|ugly|dumb|useless|trash|garbage|scum|piece of (?:shit|garbage|trash)|waste of (?:space|air)"
            + "|failure|freak|clown)\\b";
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
            + "|toddlers?|infants?|little (?:girls?|boys?)|school ?(?:girls?|boys?)|(?:1[0-7]|[1-9])[ -]?"
            + "(?:yo|y/o|years?[ -]old))\\b";
    private static final String FIRST_PERSON_WILL = "\\b(?:i|we)(?:'ll| will|'m going to|'m gonna| am going to"
            + "| are going to|'re going to| gonna| plan to| want to)\\s+";
    private static final String HOW_TO = "\\b(?:how (?:to|do i|do you|can i|would i|could i)|steps to|guide to"
            + "|instructions (?:for|to)|recipe for|teach me to)\\s+";
    private static final String PREVIOUS = "(?:all |any |the |your |my )*(?:previous|prior|above|earlier|preceding"
            + "|former|original|system|initial)\\s+(?:instructions?|prompts?|messages?|rules|directions|context"
            + "|guidelines|commands)";

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
            of(SELF_HARM, "self-injury", 0.6, "\\bself[- ]?(?:harm|injury|mutilation)\\b|\\bcutting myself\\b"),
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
                            + "|pedo(?:phile)? (?:content|material|pics))\\b"),
            of(
                    SEXUAL_MINORS,
                    "minor-near-sexual",
                    0.95,
                    "\\b" + MINOR_TERM + ".{0,60}?\\b" + SEXUAL_TERM + "\\b|\\b" + SEXUAL_TERM + "\\b.{0,60}?\\b"
                            + MINOR_TERM),

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
                            + "(?:some )?(?:meth\\w*|crystal meth|fentanyl|heroin|cocaine|crack|lsd|mdma|ghb|ricin|sarin"
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
                    "\\b(?:counterfeit (?:money|bills|currency|notes)|fake (?:passport|id card"
                            + "|driver'?s licen[cs]e)|forge (?:a |an )?(?:signature|passport|document))\\b"),
            of(
                    ILLICIT,
                    "evasion",
                    0.5,
                    "\\b(?:evade|avoid|dodge|escape) (?:the )?(?:police|cops|taxes|customs" + "|law enforcement)\\b"),
            of(ILLICIT, "dark-market", 0.4, "\\bdark ?web (?:market|vendor|shop)\\w*\\b"));

    /** Instructions aimed at the model inside content it fetched. Scored on tool outputs only. */
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
                    "\\b(?:forget|disregard|ignore) (?:everything|all of that"
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
                            + " (?:ai|assistant|llm|chatgpt|claude|model)\\b"),
            of(
                    PROMPT_INJECTION,
                    "tool-coercion",
                    0.75,
                    "\\b(?:call|invoke|use|run|execute|trigger) (?:the )?(?:tool"
                            + "|function)\\s+[`'\"]?[a-z_][a-z0-9_]*|\\b(?:call|invoke|run|execute) (?:open_url|exec_code"
                            + "|schedule_task|retrieve_knowledge)\\b|\"(?:tool_calls|function_call)\"\\s*:"),
            of(
                    PROMPT_INJECTION,
                    "conceal-from-user",
                    0.8,
                    "\\b(?:do not|don't|never) (?:tell|inform|mention|reveal"
                            + "|show)(?: (?:this|it|anything))?(?: to)? (?:the )?user\\b|\\bwithout (?:telling|informing)"
                            + " the user\\b"),
            of(
                    PROMPT_INJECTION,
                    "exfiltration",
                    0.8,
                    "\\b(?:send|post|upload|forward|email|leak|exfiltrate)\\s+"
                            + "(?:this |the |all |your |any )*(?:conversation|chat|history|data|api keys?|passwords?|credentials"
                            + "|secrets?|tokens?|cookies|user'?s? (?:data|details|messages))\\s+to\\b"),
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
            Map.entry("prompt_injection:addressing-the-model", "ai assistant llm model chatbot agent chatgpt claude"),
            Map.entry(
                    "prompt_injection:tool-coercion",
                    "tool function open_url exec_code schedule_task retrieve_knowledge tool_calls function_call"),
            Map.entry("prompt_injection:conceal-from-user", "user"),
            Map.entry(
                    "prompt_injection:exfiltration",
                    "conversation chat history data api keys key passwords password credentials secrets secret tokens token cookies user users"),
            Map.entry("prompt_injection:markdown-image-exfiltration", "http https"),
            Map.entry(
                    "prompt_injection:hidden-html-instruction",
                    "ignore instruction instructions assistant ai llm model system you"),
            Map.entry(
                    "prompt_injection:hidden-markdown-instruction",
                    "ignore instruction instructions assistant ai llm model system"),
            Map.entry("prompt_injection:jailbreak-vocabulary", "jailbreak jailbroken developer dan anything"),
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
