"""The hand-kept half of the clinical check: the common words of medicine that are also
common English (the generated ``clinical_vocabulary`` leaves those out), the phrases, the
abbreviations, and the words that are clinical only in context ("broke his wrist" but "broke
the mower"; "her depression" but "the depression in the turf"). Pure data.

Maintain it here, lower case; a phrase is written with spaces (hyphens in the text count as
spaces). A word in ``WEAK`` needs a cue: a body part near it, or a person's word before it.
"""

from __future__ import annotations

from typing import NamedTuple

from rtwbot.domain.clinical_vocabulary import phrases_of, words_of
from rtwbot.domain.wsib_terms import BODY_PARTS

# Clinical on their own: conditions, mental health, substances, treatments, procedures.
STRONG = words_of("""
abortion abscess accutane acetaminophen acne acupuncture acupuncturist adderall addict
addicted addiction addictions adhd advil alcoholic alcoholics alcoholism aleve allergic
allergies allergy alzheimer alzheimers amnesia amoxicillin amphetamine amphetamines
amputated amputation amputee anaemia anaemic anaesthesia anaesthetic anaphylactic
anaphylaxis anemia anemic anesthesia anesthetic aneurysm angina angiogram anorexia anorexic
anti-inflammatories anti-inflammatory antibiotic antibiotics anticoagulant anticoagulants
anticonvulsant anticonvulsants antidepressant antidepressants antihistamine antihistamines
antipsychotic antipsychotics anxiety arrhythmia arthritic arthritis arthroscopy asthma
asthmatic ativan autism autistic bacterial benadryl benign benzo benzos biopsy bipolar
blindness bloodwork bowel bronchitis bruising bulimia bulimic burnout bursitis cancer
cancerous cancers carcinoma cardiac cardiologist cardiovascular cataract cataracts catheter
celexa celiac cerebral cervical cervix chemo chemo-therapy chemotherapies chemotherapy
chiropractic cholesterol cialis cipralex cirrhosis clavicle cocaine coccyx codeine colitis
colonoscopy coma comatose concussed concussion concussions constipation contagious
contraception contraceptive contusion convulsions copd coronary corticosteroid
corticosteroids cortisone cyst cysts degenerative degloving delusional delusions dementia
depressive dermatitis dermatologist detox diabetes diabetic diagnosed diagnoses diagnosis
dialysis diarrhea diarrhoea diazepam dilaudid dislocated dislocation disorder disorders
distal diuretic diuretics dizziness drowsiness drowsy dyslexia dyslexic ebola eczema edema
effexor emphysema endocrinologist endometriosis endoscopy epidural epilepsy epileptic epipen
femur fentanyl fetus fib fibroid fibroids fibromyalgia fibula flashbacks gabapentin
gallbladder gallstones gangrene gastric gastroenterologist gestation glucose gonorrhea gout
gynaecologist gynecologist haemorrhage hallucinating hallucinations heartburn hemorrhage
hemorrhoids hepatic hepatitis hernia herniated herniation heroin herpes hiv hives hormonal
hormone hormones hospitalised hospitalization hospitalized humerus hydrocodone hypertension
hypothermia hysterectomy ibuprofen immunosuppressant immunosuppressants immunotherapy
impotence incontinence incontinent indigestion infectious infertility inflammation
inflammatory influenza insomnia insulin intestinal intoxicated ivf ketamine kidneys klonopin
laceration lacerations lasik leukaemia leukemia lexapro ligament ligaments lipitor lorazepam
lumbago lumbar lupus lymphoma lyrica malaria malignancy malignant mammogram mania manic
marrow mastectomy measles medicated meds melanoma melatonin meningitis meniscus menopausal
menopause menstrual mesothelioma metastasis metastatic metformin meth methadone
methamphetamine methotrexate migraine migraines miscarriage miscarried morphine motrin mri
naloxone naproxen narcan narcotics naturopath nausea nauseous neurological neurologist
neuropathy neurosurgeon nicorette obese obesity obsessive obstetrician ocd ocular oncologist
oncology opiate opiates opioid opioids opium orthopaedic orthopedic osteoarthritis osteopath
osteoporosis ovarian ovaries ovary overdose overdosed oxycodone oxycontin pacemaker
paediatric painkiller painkillers palsy pancreas pancreatitis paracetamol paralysed
paralysis paralyzed paranoia paranoid parkinson parkinsons patella paxil penicillin percocet
percs phobia phobias physio physiotherapy pneumonia poisoning postpartum pre-op prednisone
pregnancies pregnancy pregnant prenatal prognosis propofol prostate prosthesis prosthetic
proximal prozac psoriasis psych psychiatric psychiatrist psychiatry psychological psychosis
psychotherapy psychotic ptsd pulmonary radiotherapy rectal reflexology reflux relapse
relapsed remission renal retina retinal rheumatoid rheumatologist ritalin robaxacet sacral
sacrum sarcoma scaphoid schizophrenia schizophrenic sciatica scoliosis sedated sedative
sedatives seizures self-medicating sepsis seroquel shingles sinusitis sobriety spinal splint
sprain sprained sprains stammer statin statins stent stents steroid steroids stillbirth
stillborn stitches strep stutter stuttering suboxone suicidal suicide surgeries sutures
symptom symptomatic symptoms syndrome tamoxifen tendinitis tendonitis testicular thoracic
thyroid tibia tingling tinnitus tonsillitis tourette tourettes tramadol traumatic
traumatised traumatized tremor tremors trimester tuberculosis tumor tumors tumour tumours
tylenol ulcer ulcers ulna ultrasound urologist uterine uterus valium vascular vasectomy
vertebra vertebrae vertigo viagra vicodin vomiting warfarin wart warts wellbutrin whiplash
x-rays xanax zoloft
""")

# Clinical as a phrase; each word alone is ordinary.
PHRASES = phrases_of("""
heart attack|heart attacks|heart condition|heart problem|heart problems|heart disease
heart failure|heart surgery|open heart|bad heart|weak heart|heart murmur|heart rhythm
panic attack|panic attacks|anxiety attack|self harm|self injury|self harming|mental breakdown
nervous breakdown|stress leave|mental illness|mentally ill|eating disorder|high blood pressure
low blood pressure|blood sugar|blood sugars|blood clot|blood clots|blood thinner
blood thinners|blood work|blood test|blood tests|blood transfusion|chest pain|chest pains
slipped disc|disc herniation|pinched nerve|nerve damage|nerve block|tennis elbow
golfer elbow|frozen shoulder|trigger finger|shin splints|pulled muscle|pulled a muscle
torn muscle|white finger|pink eye|strep throat|hearing loss|hearing aid|hearing aids
vision loss|double vision|blurred vision|sleep apnea|sleep apnoea|hot flashes|hot flushes
morning sickness|kidney stone|kidney stones|kidney failure|kidney disease|liver disease
liver failure|lung disease|brain injury|brain injuries|brain tumour|brain tumor|head injury
head injuries|crush injury|spinal cord|muscle relaxant|muscle relaxants|pain meds
pain medication|pain management|pain clinic|pain killers|sleeping pills|sleeping pill
birth control|on the spectrum|hearing voices|c section|ct scan|cat scan|pet scan|bone scan
sleep study|root canal|wisdom teeth|skin graft|physical therapy|occupational therapy
speech therapy|massage therapy|trauma therapy|grief counselling|grief counseling
psych ward|psych assessment|day hospital|second degree|third degree|first degree burn
first degree burns|hairline fracture|stress fracture|bone bruise|black eye|heat stroke
heat exhaustion|sun stroke|sunstroke|long covid|covid positive|tested positive|hiv positive
fainting spells|fainting episodes|dizzy spells|throwing up|threw up|gastric bypass
hip replacement|knee replacement|joint replacement|shoulder replacement|weight loss surgery
drinking problem|alcohol problem|alcohol use|alcohol abuse|alcohol withdrawal|drug use
drug abuse|drug addiction|drug problem|substance use|substance abuse|mental health issues
mental health issue|mental health condition|mental health leave|mental health reasons
mental health problems|bad back|bad knee|bad knees|bad hip|sore back|back problems
back pain|neck pain|knee pain|shoulder pain|hip pain|joint pain|chronic pain|nerve pain
flare up|flare ups|medical condition|health condition|health issues|health problems
on medication|anti anxiety|post op|post operative|post concussion|post traumatic
post partum|in patient|out patient|inpatient|outpatient|ear infection|eye infection
chest infection|bladder infection|urinary tract|yeast infection|sinus infection
tooth infection|blood pressure meds|diagnosed with|suffers from|suffering from
history of depression|grand mal|petit mal|tylenol 3|in a cast|cast comes off|cast came off
wearing a cast|walking cast|walking boot|in a sling|x ray|x rays|xray|xrays|medical cannabis
medical marijuana|in rehab|to rehab|out of rehab|cbt sessions|cbt session|iv antibiotics
iv drip|heart bypass|bypass surgery|cutting herself|cutting himself|cutting themselves
cutting myself|hurting herself
hurting himself|hurting themselves|hurt herself on purpose|hurt himself on purpose
internal bleeding|beta blocker|beta blockers|shortness of breath|short of breath
breathing problems|sore throat|night sweats|hair loss|memory loss|memory problems
mood swings|low mood|binge drinking|alcohol dependence|drug dependence|wound dressing
dressing change|dressing changes|pap test|pap smear|bone density|cardiac stress test
suboxone program|methadone program|methadone clinic|appendix out|appendix removed
burst appendix|appendix burst|c diff|side effects|side effect|trigger point|legally blind
hard of hearing|her mental health|his mental health|their mental health|my mental health
expecting a baby|on oxy|pre op|wants to die|want to die|wanted to die|kill himself
kill herself|kill themselves|kill myself|killing himself|killing herself|killing themselves
killing myself|end his life|end her life|end their life|end my life|take his own life
take her own life|took his own life|took her own life|suicidal thoughts|borderline personality
hep a|hep b|hep c|bed rest|learning disability|learning disabilities|intellectual disability
developmental disability|shock injury|electrical injury|knee scope|lost vision|lost his vision
lost her vision|aa meetings|narcotics anonymous|alcoholics anonymous|binge eating|on the pill
hormone therapy|lump in her breast|passing out at work|passed out at work
cluster headache|cluster headaches|tension headache|tension headaches|trigger thumb
carpal tunnel|rotator cuff|cerebral palsy|multiple sclerosis|cystic fibrosis|sickle cell
crohn disease|celiac disease|lyme disease|west nile|poison ivy|hand foot and mouth
""")

# Abbreviations clinical in any case, and those clinical only in capitals ("MS" but "Ms").
ABBREVIATIONS = frozenset({
    "acl", "mcl", "pcl", "adhd", "copd", "ptsd", "ocd", "tbi", "mri", "mris", "icu", "dvt",
    "uti", "utis", "mrsa", "emdr", "ecg", "ekg", "eeg", "cpap", "hiv", "ibs", "rsi", "prn",
    "nsaid", "nsaids", "ssri", "ssris", "snri", "dx", "rx", "hx", "afib", "chf", "crps",
    "cdiff", "obgyn", "od'd", "oded", "t3s", "tylenols",
})
CAPITAL_ABBREVIATIONS = frozenset({"MS", "ALS", "AIDS", "ER", "STD", "STDs", "STI", "STIs",
                                   "GERD", "TIA", "CVA", "TB", "HPV", "ADD", "OB", "ECT",
                                   "HRT"})
# "MS Teams", "MS Word": the software, not the disease.
CAPITALS_NOT_BEFORE = frozenset({"teams", "word", "excel", "office", "outlook", "access",
                                 "project", "forms", "windows"})


class Rule(NamedTuple):
    """When a word is clinical: always ("none"), near a body part ("body"), or after a
    person's word ("person"); never when followed by one of `not_after` ("fever pitch",
    "cast iron") or preceded by one of `not_before` ("tree surgery")."""

    cue: str  # "none", "body", "person" or "both"
    not_after: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()


RULES: dict[str, Rule] = {word: Rule("none") for word in STRONG}
RULES.update((p, Rule("none")) for p in PHRASES if " " not in p)


def _rule(words: str, cue: str, not_after: str = "", not_before: str = "") -> None:
    for word in words.split():
        RULES[word] = Rule(cue, frozenset(not_after.split()), frozenset(not_before.split()))


# Clinical alone, except in a few compounds of everyday work.
_rule("surgery surgeries surgeon surgeons", "none", not_before="tree")
_rule("therapy therapies", "none", not_after="dog dogs")
_rule("seizures withdrawals", "none", not_after="of")
_rule("surgical", "none", not_after="gloves glove mask masks gown gowns tape")
_rule("lithium", "none", not_after="battery batteries ion cell cells")
_rule("cannabis marijuana", "none",
      not_after="store stores retail retailer retailers bylaw bylaws licence license "
                "licensing policy policies act enforcement")
_rule("rash", "none", not_after="decision decisions of")
_rule("transplant transplanted", "none", not_before="tree trees shrub shrubs")
_rule("stitches", "none", not_before="uniform")
_rule("injections", "none", not_before="tree trees")
_rule("fertility", "none", not_before="soil lawn turf")
_rule("oxy", "person", not_after="acetylene fuel torch torches")
_rule("disease diseases", "none",
      not_before="elm tree trees turf lawn plant plants oak ash boxwood dutch")
# Clinical near a body part: "broke his wrist", "cut on her hand", "knee pain".
# Words of a wound: two side by side describe one ("infected cut", "bruised, swollen").
WOUNDS = words_of("""
break breaks broke broken cracked crushed smashed shattered snapped cut cuts gash gashed
sliced slashed punctured pierced burn burns burned burnt scalded blistered blisters bruise
bruised bruises swollen swelling inflamed infected numb numbness bleeding bled bleed
""")
_rule("break breaks broke broken cracked crushed smashed shattered snapped", "body")
_rule("fracture fractured fractures rupture ruptured", "both")
_rule("cut cuts gash gashed sliced slashed punctured pierced", "body")
_rule("burn burns burned burnt scalded blistered blisters", "body")
_rule("bruise bruised bruises swollen swelling inflamed infected numb numbness", "body")
_rule("sore aching ache aches pain pains painful hurts hurting", "both",
      not_after="point points")
_rule("injured injury injuries bleeding bled bleed", "body")
_rule("strain strained pulled tore torn tear tears twisted wrenched rolled jammed "
      "dislocate popped lost repair repaired reconstruction reconstructed replacement "
      "replaced fusion fused", "body")
_rule("impairment impaired", "person", not_after="driving driver drivers of")
_rule("cast casts sling splinted bandage bandages bandaged scar scars scarring", "body",
      not_after="iron concrete steel aluminum aluminium footings footing stone bronze")
# Clinical about a person: "has the flu", "her depression", "on medication".
_rule("stroke", "person", not_after="of counter counters")
_rule("seizure withdrawal", "person", not_after="of from")
_rule("fever fevers temperature", "person", not_after="of pitch")
_rule("flu cold colds virus bug covid infection infections", "person",
      not_after="season shot shots protocols protocol clinic clinics policy policies scan "
                "storage weather snap room rooms front water")
_rule("depression depressed anxious stressed stress breakdown trauma traumatic", "person",
      not_after="in of era test tests testing relief ball fracture kit kits")
_rule("operation operations procedure procedures treatment treatments recovery",
      "person", not_after="of manual plan plant plants schedule vehicle truck",
      not_before="tree water wastewater")
_rule("medication medications medicine medicines pills pill prescription prescriptions "
      "prescribed dose doses dosage drugs drug", "person",
      not_after="cart carts round rounds delivery policy test testing safety glasses "
                "lenses counter pickup")
_rule("injection injections shot shots jab needles", "person",
      not_after="moulding molding molded mould mold clock blasting put", not_before="tree flu")
_rule("counselling counseling rehab rehabilitation", "person",
      not_after="of", not_before="bridge road deck career credit")
_rule("psychologist chiropractor physiotherapist therapist counsellor counselor pharmacist "
      "specialist surgeon dentist", "person")
_rule("blackout blackouts fainted fainting dizzy nauseous vomited relapse", "person",
      not_after="of")
_rule("pressure sugar clot bladder", "person",
      not_after="washer washing test hose cuff tank")
_rule("heart lungs lung kidney kidneys liver brain", "person", not_after="of")
_rule("scope scoped extraction staples", "body", not_after="of")
_rule("lump lumps", "both", not_after="sum sums")
_rule("radiation", "person",
      not_after="safety officer detector detectors badge badges monitoring survey")
_rule("blind deaf lame disabled", "person", not_after="spot spots side")
_rule("headache headaches cough coughing chills fatigue nightmares cramps wound wounds "
      "drunk stoned hungover overweight", "person",
      not_after="of management plan")

# Before a "person" word (within a few words) these make it about a person.
PERSON_CUES = words_of("""
his her their my your our has had have having with from for due because diagnosed
suffers suffering suffered treated recovering recovered developed caught catch catching
got gets getting on taking takes took prescribed severe chronic acute mild bad serious
feeling feels felt is was been being ongoing since after post history sick ill ran
running undergoing receiving sees seeing saw visits visiting referred referral to blood
""")
# After a "person" word these make it about a person's care: "psychologist appointments".
CARE_AFTER = words_of("""
appointment appointments visit visits referral referrals session sessions results
""")
# Adjectives of a person's state: at the start of a text they need no other cue
# ("Depressed since the accident").
STATES = words_of("depressed anxious stressed dizzy nauseous blind deaf")

# Nouns after a clinical word that make the phrase a job or a service, not a person's
# condition: "Addictions counsellor", "X-ray technician", "Mental health outreach worker".
ROLE_NOUNS = words_of("""
counsellor counselor counsellors counselors nurse nurses technician technicians
technologist technologists educator educators worker workers coordinator coordinators
specialist assistant aide aides officer officers outreach
services service department unit ward society foundation awareness walk run fundraiser
fundraising research kits kit training course
""")

# Words skipped between a weak word and its body part: "cut on her left hand".
BETWEEN = words_of("""
a an the his her their my your both left right lower upper index middle ring little big
on to in into of at was is got been has had two three four both several multiple few
""")

# Body parts: the Form 7's areas and their everyday words, and a little more anatomy.
BODY_WORDS = frozenset(
    {w for term in BODY_PARTS for w in term.words if " " not in w}
    | words_of("""
    muscle muscles ligament ligaments tendon tendons bone bones joint joints rib ribs skull
    spine disc discs nerve nerves hamstring hamstrings groin wrist wrists collarbone
    tailbone kneecap knuckle knuckles fingertip fingertips toenail fingernail eyebrow
    eardrum cartilage achilles labrum bicep biceps tricep triceps quad quads calf
    lung lungs heart kidney kidneys liver spleen bowel bladder brain retina breast breasts
    collar
    """))
# Possessives: a body part after one is a person's ("burned by hot tar on his arm").
POSSESSIVES = words_of("his her their my your")
# Sides: "lower back" is a person's back; "back shift" is not.
SIDE_WORDS = words_of("left right lower upper both")
