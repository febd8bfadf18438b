"""One-off generator for knowledge/data/findings/core.yaml (kept for reference; edit the YAML directly)."""
import yaml

E = None  # estimate marker
F = []


def f(id, name, q, type, group, bg, syn=(), lat=False, hpo=None, snomed=None, bilat=None, site=None, refs=None, implies=None):
    d = {"id": id, "name": name, "question": q, "type": type, "group": group}
    if syn:
        d["synonyms"] = list(syn)
    d["background"] = {"value": bg, "refs": refs} if refs else {"value": bg, "estimate": True}
    codes = {k: v for k, v in (("hpo", hpo), ("snomed", snomed)) if v}
    if codes:
        d["codes"] = codes
    if lat:
        d["lateral"] = True
    if bilat:
        d["bilateral"] = bilat
    if site:
        d["body_site"] = site
    if implies:
        d["implies"] = implies
    F.append(d)


# --- pain ---
f("low_back_pain", "Low back pain", "Do you have pain in your lower back?", "symptom", "pain", 0.3,
  ["back pain", "lower back pain", "low back pain", "lumbar pain", "backache", "back ache", "back hurt", "back is sore", "sore back",
   "strain my back", "strained my back", "pulled my back", "hurt my back", "injured my back", "back injury", "lumbago", "back problem"],
  hpo="HP:0003419", snomed="279039007", site="lumbar")
f("radiating_leg_pain", "Pain radiating down the leg (sciatica)", "Does pain shoot or spread down your leg, below the knee?", "symptom", "pain", 0.12,
  ["sciatica", "pain down my leg", "pain down the leg", "pain going down my leg", "shooting pain leg", "pain radiate leg", "pain radiating leg",
   "pain spread leg", "leg pain", "pain in my leg", "leg hurt", "leg is painful", "nerve pain leg", "pain into my leg", "pain run down leg", "stretching my leg hurt", "pain in the back of my leg"],
  lat=True, hpo="HP:0012514", site="leg", bilat="bilateral_radiating_leg_pain")
f("bilateral_radiating_leg_pain", "Pain down both legs", "Does pain go down both of your legs?", "symptom", "pain", 0.03,
  ["pain down both legs", "both legs hurt", "sciatica in both legs", "pain in both legs", "bilateral sciatica", "both legs are painful", "alternating sciatica"],
  site="leg", implies=["radiating_leg_pain"])
f("buttock_pain", "Buttock pain", "Do you have pain in your buttock?", "symptom", "pain", 0.1,
  ["buttock pain", "pain in my buttock", "buttock hurt", "pain in the buttock", "gluteal pain", "pain in my bottom", "sore buttock", "hip pain at the back"], lat=True, site="buttock")
f("anterior_thigh_pain", "Pain in the front of the thigh", "Do you have pain in the front of your thigh?", "symptom", "pain", 0.04,
  ["front of my thigh hurt", "pain in the front of my thigh", "thigh pain", "anterior thigh pain", "pain in my thigh"], lat=True, site="thigh")
f("groin_hip_pain", "Groin or hip pain", "Do you have pain in the groin or the front of the hip?", "symptom", "pain", 0.06,
  ["groin pain", "hip pain", "pain in my hip", "pain in the groin", "hip hurt", "hip is painful"], lat=True, site="hip")
f("leg_pain_worse_than_back", "Leg pain worse than back pain", "Is the pain in your leg worse than the pain in your back?", "symptom", "pain", 0.05,
  ["leg pain worse than back pain", "leg hurts more than my back", "leg pain is worse than the back"], site="leg")
f("pain_worse_sitting", "Pain worse on sitting", "Is the pain worse when you sit, or when you get up from sitting?", "symptom", "pain", 0.08,
  ["hurt when i sit", "pain when sitting", "worse sitting", "sitting make it worse", "can not sit", "cannot sit for long", "sit down or stand up", "hurt when sit down", "painful to sit", "pain on sitting", "getting up from a chair hurt"])
f("pain_worse_cough_sneeze", "Pain worse with coughing or sneezing", "Does coughing, sneezing or straining make the leg or back pain worse?", "symptom", "pain", 0.05,
  ["worse when i cough", "cough hurt", "sneeze hurt", "pain when coughing", "pain when sneezing", "coughing make it worse", "sneezing make it worse"])
f("neurogenic_claudication", "Leg pain on walking, eased by sitting or bending forward", "Do your legs hurt or get heavy when you walk or stand, and ease when you sit down or lean forward?", "symptom", "pain", 0.04,
  ["pain when walking relieved by sitting", "leg pain walking", "legs hurt when i walk", "have to sit down after walking", "lean on the shopping cart", "lean on a shopping trolley",
   "legs get heavy when walking", "can only walk a short distance", "walking distance is limited", "eased by bending forward", "better when i sit", "relieved by sitting"],
  refs=["jama_rce_stenosis"], site="leg")
f("night_pain", "Pain at night or at rest", "Does the pain wake you at night or stay bad when you lie still?", "symptom", "pain", 0.05,
  ["pain at night", "wake me up at night", "wakes me at night", "night pain", "pain at rest", "pain when lying down", "can not sleep because of pain", "cannot sleep for pain", "worse at night", "pain keeps me awake"],
  refs=["nice_cg75_mscc"])
f("non_mechanical_pain", "Constant pain not eased by rest or position", "Is the pain constant, getting steadily worse, and not eased by rest or changing position?", "symptom", "pain", 0.03,
  ["constant pain", "pain never stop", "pain is getting worse and worse", "unremitting pain", "relentless pain", "nothing eases the pain", "pain does not ease with rest", "progressive pain"],
  refs=["nice_cg75_mscc"])
f("thoracic_back_pain", "Upper or mid back (thoracic) pain", "Do you have pain in the middle or upper back, between the shoulder blades?", "symptom", "pain", 0.04,
  ["upper back pain", "mid back pain", "middle of my back", "between my shoulder blades", "thoracic pain"], refs=["nice_cg75_mscc"])
f("spinal_tenderness", "Tenderness when the spine is tapped", "Does it hurt sharply when someone presses or taps on one spot of your spine?", "sign", "exam", 0.05,
  ["tender spine", "spine is tender", "tenderness over the spine", "percussion tenderness", "pain when pressing on my spine", "point tenderness"], refs=["msd_epidural_abscess"])
f("morning_stiffness", "Morning stiffness over 30 minutes", "Is your back stiff for more than 30 minutes after getting up in the morning?", "symptom", "pain", 0.06,
  ["morning stiffness", "stiff in the morning", "stiff when i wake up", "stiffness in the morning"], refs=["sieper_2009_asas_ibp"])
f("flank_pain", "Flank (loin) pain", "Do you have pain in your side, between the ribs and the hip?", "symptom", "pain", 0.03,
  ["flank pain", "loin pain", "pain in my side", "side pain", "kidney pain", "pain in my flank"], lat=True, site="flank")
f("abdominal_pain", "Abdominal pain", "Do you have pain in your belly?", "symptom", "pain", 0.05,
  ["abdominal pain", "stomach pain", "belly pain", "tummy pain", "pain in my abdomen", "pain in my belly"], hpo="HP:0002027", snomed="21522001", site="abdomen")
f("widespread_pain", "Widespread body pain", "Do you have pain in many parts of your body, above and below the waist and on both sides?", "symptom", "pain", 0.06,
  ["pain everywhere", "widespread pain", "hurt all over", "ache all over", "whole body pain", "pain all over my body"])
f("myalgia", "Muscle pain or aching", "Do your muscles ache or hurt?", "symptom", "pain", 0.1,
  ["muscle pain", "muscles ache", "aching muscles", "muscle ache", "myalgia", "sore muscles", "muscles hurt", "muscle soreness"], hpo="HP:0003326", snomed="68962001")
f("muscle_cramps", "Muscle cramps", "Do you get muscle cramps?", "symptom", "pain", 0.08,
  ["cramp", "cramps", "muscle cramp", "leg cramps", "calf cramps"], hpo="HP:0003394")
f("neuropathic_burning_feet", "Burning or tingling in both feet", "Do both feet burn, tingle or feel like walking on cotton wool?", "symptom", "sensory", 0.06,
  ["burning feet", "feet burn", "pins and needles in my feet", "tingling in both feet", "feet feel numb", "walking on cotton wool", "numb feet"], site="foot")

# --- weakness ---
f("leg_weakness", "Leg weakness", "Is one of your legs, or are both, weak?", "symptom", "weakness", 0.1,
  ["leg weakness", "weak leg", "leg is weak", "leg feels weak", "leg give way", "leg gave way", "leg buckle", "legs give way", "leg gives out", "weakness in my leg", "lost strength in my leg", "leg won't hold me", "leg is not strong", "weak legs", "legs are weak", "weakness of the leg"],
  lat=True, hpo="HP:0007340", snomed="26544005", site="leg", bilat="bilateral_leg_weakness")
f("bilateral_leg_weakness", "Weakness of both legs", "Are both of your legs weak?", "symptom", "weakness", 0.03,
  ["both legs are weak", "both legs weak", "weakness in both legs", "weak in both legs", "both legs gave way", "both my legs feel weak", "can not stand on my legs", "paraparesis", "legs are getting weak"],
  hpo="HP:0007340", site="leg", implies=["leg_weakness"], refs=["bass_ces_2018"])
f("foot_drop", "Foot drop", "Does your foot slap down or catch on the ground because you cannot lift the front of it?", "symptom", "weakness", 0.02,
  ["foot drop", "drop foot", "dropped foot", "foot slap", "foot slaps", "trip over my foot", "catch my toes", "cannot lift my foot", "can not lift my foot", "toes catch", "foot drags", "dragging my foot", "foot dragging"],
  lat=True, hpo="HP:0009027", snomed="6077001", site="foot", refs=["foot_drop_localisation"])
f("weak_ankle_dorsiflexion", "Weak ankle dorsiflexion", "Is it hard to walk on your heels or lift your foot up at the ankle?", "sign", "weakness", 0.03,
  ["can not walk on my heels", "cannot walk on heels", "weak dorsiflexion", "weak ankle dorsiflexion", "can not lift my foot up"], lat=True, site="ankle")
f("weak_great_toe_extension", "Weak big-toe extension", "Is it hard to lift your big toe upwards?", "sign", "weakness", 0.03,
  ["weak big toe", "can not lift my big toe", "weak toe extension", "weak extensor hallucis longus", "weak ehl"], lat=True, site="foot")
f("weak_ankle_plantarflexion", "Weak ankle plantarflexion (tiptoe)", "Is it hard to stand or walk on your tiptoes on one or both sides?", "sign", "weakness", 0.03,
  ["can not stand on tiptoe", "cannot walk on my toes", "can not walk on tiptoes", "weak calf", "weak plantarflexion", "can not push off", "cannot rise on toes", "can not stand on my toes"], lat=True, site="ankle")
f("weak_ankle_inversion", "Weak ankle inversion", "Is turning the foot inwards against resistance weak (tested by a clinician)?", "sign", "exam", 0.02,
  ["weak inversion", "weak ankle inversion", "inversion is weak", "weak tibialis posterior"], lat=True, site="ankle", refs=["foot_drop_localisation"])
f("weak_ankle_eversion", "Weak ankle eversion", "Is turning the foot outwards weak (tested by a clinician)?", "sign", "exam", 0.02,
  ["weak eversion", "weak ankle eversion", "eversion is weak"], lat=True, site="ankle")
f("weak_knee_extension", "Weak knee straightening (quadriceps)", "Does your knee buckle or is it hard to straighten your knee against resistance?", "sign", "weakness", 0.03,
  ["knee buckle", "knee gives way", "knee gave way", "weak quadriceps", "weak quads", "can not straighten my knee", "weak knee extension", "knee collapses"], lat=True, site="thigh")
f("weak_hip_flexion", "Weak hip flexion", "Is it hard to lift your thigh up towards your chest?", "sign", "weakness", 0.03,
  ["weak hip flexion", "can not lift my leg up", "cannot lift my thigh", "hard to lift my leg", "weak iliopsoas"], lat=True, site="hip")
f("weak_hip_abduction", "Weak hip abduction / Trendelenburg gait", "Does your hip drop or do you lurch to the side when you walk?", "sign", "weakness", 0.03,
  ["trendelenburg", "hip drops when i walk", "weak hip abduction", "weak gluteus medius", "lurch to the side", "hip drop"], lat=True, site="hip", refs=["gluteal_nerves_anatomy"])
f("weak_hip_extension", "Weak hip extension (gluteus maximus)", "Is it hard to push your leg backwards, climb a step or get up from a low seat using that leg?", "sign", "weakness", 0.03,
  ["weak gluteus maximus", "weak hip extension", "weak glutes", "buttock muscle is weak", "glute weakness"], lat=True, site="buttock", refs=["gluteal_nerves_anatomy"])
f("proximal_leg_weakness", "Proximal leg weakness (hips and thighs)", "Is it hard to get up from a chair, squat or climb stairs because your hips and thighs are weak?", "symptom", "weakness", 0.05,
  ["difficulty getting up from a chair", "can not get up from a chair", "trouble rising from a chair", "difficulty climbing stairs", "trouble climbing stairs", "hard to climb stairs", "can not climb stairs",
   "difficulty standing up from sitting", "weak thighs", "weak hips", "trouble getting up from the floor", "hard to get out of a chair", "need my arms to stand up", "pelvic girdle weakness", "proximal weakness"],
  hpo="HP:0008994", site="thigh")
f("proximal_arm_weakness", "Proximal arm weakness", "Is it hard to lift your arms above your head, comb your hair or reach a high shelf?", "symptom", "weakness", 0.04,
  ["difficulty lifting my arms", "can not lift my arms above my head", "trouble combing my hair", "hard to reach up", "weak shoulders", "shoulder weakness", "weak arms"], hpo="HP:0003547", site="arm")
f("hand_weakness", "Hand or grip weakness", "Are your hands or grip weak, for example opening jars or buttons?", "symptom", "weakness", 0.04,
  ["weak grip", "weak hands", "hand weakness", "drop things", "can not open jars", "trouble with buttons", "weak fingers", "grip is weak"], site="hand")
f("back_extensor_weakness", "Weak back muscles / trunk weakness", "Are your back muscles weak, so that you stoop forward or cannot hold yourself upright?", "symptom", "weakness", 0.04,
  ["weak back", "back is weak", "back muscles are weak", "can not stand up straight", "cannot stand upright", "bent forward", "stoop forward", "trunk weakness", "bending forward when walking", "can not hold myself upright", "weak core"],
  site="lumbar")
f("neck_flexor_weakness", "Weak neck muscles", "Is it hard to lift your head off the pillow?", "sign", "weakness", 0.02,
  ["weak neck", "can not lift my head", "head drop", "neck weakness"], site="neck")
f("progressive_weakness", "Weakness getting worse", "Has the weakness been getting worse over days or weeks?", "symptom", "weakness", 0.03,
  ["getting weaker", "weakness is getting worse", "progressive weakness", "weakness is spreading", "worsening weakness", "weaker every day", "weaker and weaker", "more and more weak"], refs=["legacy_referral_tiers"])
f("rapidly_progressive_weakness", "Weakness worsening over hours to days", "Has the weakness come on or worsened quickly, over hours or a few days?", "symptom", "weakness", 0.01,
  ["sudden weakness", "weakness came on suddenly", "within days", "over a few days", "rapidly getting weaker", "suddenly could not walk", "over the last few days", "in a couple of days"],
  implies=["progressive_weakness"], refs=["asbury_cornblath_1990_gbs"])
f("ascending_weakness", "Weakness rising from the feet upwards", "Did the weakness or tingling start in your feet and climb upwards?", "symptom", "weakness", 0.005,
  ["started in my feet and moved up", "started in my feet and spread up", "climbing up my legs", "ascending weakness", "spreading upward", "moving up my legs", "spread to my arms"],
  refs=["asbury_cornblath_1990_gbs"])
f("asymmetric_weakness", "Weakness clearly worse on one side", "Is the weakness clearly worse on one side of the body?", "symptom", "weakness", 0.04,
  ["one side is weaker", "only one leg is weak", "asymmetric weakness", "weaker on one side"])
f("falls", "Falls", "Have you fallen because your legs gave way?", "symptom", "weakness", 0.06,
  ["i fall", "falling", "fallen", "falls", "keep falling", "tripping and falling", "fell over"], hpo="HP:0002359")
f("difficulty_walking", "Difficulty walking", "Do you have difficulty walking?", "symptom", "weakness", 0.08,
  ["difficulty walking", "trouble walking", "can not walk", "hard to walk", "can not walk far", "walking is difficult", "limp", "limping", "unsteady walking"], hpo="HP:0002355")
f("waddling_gait", "Waddling gait", "Do you waddle from side to side when you walk?", "sign", "weakness", 0.01,
  ["waddle", "waddling", "waddling gait", "duck walk"], hpo="HP:0002515")
f("fatigable_weakness", "Weakness worse with use, better with rest", "Does the weakness get worse the more you use the muscle and improve after rest?", "symptom", "weakness", 0.02,
  ["weakness worse with exercise", "gets weaker with use", "tired muscles", "fatigable", "worse at the end of the day", "better after rest"])
f("generalized_weakness", "Generalised weakness", "Do you feel weak all over your body?", "symptom", "weakness", 0.05,
  ["weak all over", "generalized weakness", "generalised weakness", "whole body weakness", "weak everywhere", "no strength"], hpo="HP:0003324")

# --- atrophy ---
f("muscle_atrophy", "Muscle wasting", "Has any muscle become visibly smaller or thinner?", "sign", "atrophy", 0.04,
  ["muscle wasting", "muscle atrophy", "muscles are shrinking", "muscle loss", "losing muscle", "muscle is wasting", "muscles have wasted", "wasted muscle", "atrophy", "muscle has shrunk", "thinner muscles"],
  hpo="HP:0003202", snomed="88092000")
f("gluteal_atrophy", "Buttock muscle wasting", "Has one side of your buttock become smaller, flatter or dented?", "sign", "atrophy", 0.008,
  ["buttock has shrunk", "buttock shrunk", "buttock shrink", "buttock is smaller", "smaller buttock", "flat buttock", "buttock is flat", "dent in my buttock", "dent in the buttock", "dent in buttock",
   "hollow in my buttock", "buttock is wasting", "buttock wasting", "gluteal atrophy", "glute atrophy", "gluteal wasting", "shrinking buttock", "buttock is shrinking", "buttock muscle wasting",
   "lost muscle in my buttock", "asymmetric buttocks", "one buttock is smaller", "buttock is sagging", "buttock sag", "glute has shrunk", "gluteus atrophy", "buttock look smaller", "buttock muscle shrink"],
  lat=True, site="buttock", implies=["muscle_atrophy"], refs=["gluteal_nerves_anatomy"])
f("thigh_atrophy", "Thigh muscle wasting", "Has your thigh become thinner than before or than the other side?", "sign", "atrophy", 0.01,
  ["thigh is thinner", "thigh wasting", "thigh atrophy", "quadriceps wasting", "quad atrophy", "wasting of the thigh", "thigh has shrunk", "thigh muscle loss", "quadriceps atrophy", "thinner thigh"],
  lat=True, site="thigh", implies=["muscle_atrophy"])
f("calf_atrophy", "Calf muscle wasting", "Has your calf become thinner than before or than the other side?", "sign", "atrophy", 0.01,
  ["calf is thinner", "calf wasting", "calf atrophy", "thinner calf", "calf has shrunk", "calf muscle wasting", "calf muscle loss", "calf got smaller"], lat=True, site="calf", implies=["muscle_atrophy"])
f("shin_atrophy", "Wasting of the front of the shin", "Has the muscle at the front of your shin wasted?", "sign", "atrophy", 0.005,
  ["shin wasting", "tibialis anterior wasting", "wasting of the shin", "shin muscle is thin"], lat=True, site="shin", implies=["muscle_atrophy"])
f("paraspinal_atrophy", "Wasting of the lower back muscles", "Have the muscles beside your lower spine wasted or been reported as atrophied on a scan?", "sign", "atrophy", 0.02,
  ["back muscles are wasting", "back muscle wasting", "paraspinal atrophy", "multifidus atrophy", "paraspinal muscle atrophy", "back muscles have shrunk", "lumbar muscle atrophy", "fatty infiltration of the back muscles", "back muscles atrophy"],
  site="lumbar", implies=["muscle_atrophy"], refs=["hyun_2007_multifidus"])
f("generalized_muscle_wasting", "Wasting of many muscles", "Have many of your muscles become thinner, in the arms as well as the legs?", "sign", "atrophy", 0.02,
  ["losing muscle everywhere", "muscles wasting all over", "generalized wasting", "generalised muscle wasting", "all my muscles are shrinking", "arms and legs are thinner", "skin and bones"], implies=["muscle_atrophy"])
f("fasciculations", "Muscle twitching (fasciculations)", "Do you see small twitches or ripples under the skin of your muscles?", "sign", "atrophy", 0.03,
  ["twitching", "twitch", "muscle twitching", "fasciculation", "fasciculations", "muscles ripple", "muscles flicker", "jumping muscles"], hpo="HP:0002380", snomed="82470000")

# --- sensory ---
f("leg_numbness", "Numbness or tingling in the leg", "Do you have numbness, tingling or pins and needles in your leg or foot?", "symptom", "sensory", 0.1,
  ["numbness", "numb", "tingling", "pins and needles", "leg is numb", "numb leg", "numbness in my leg", "tingling in my leg", "foot is numb", "numb foot", "numbness in my foot", "loss of feeling", "dead leg", "paresthesia", "paraesthesia"],
  lat=True, snomed="44077006", site="leg", bilat="bilateral_leg_numbness")
f("bilateral_leg_numbness", "Numbness in both legs", "Are both legs or both feet numb or tingling?", "symptom", "sensory", 0.03,
  ["both legs are numb", "numbness in both legs", "both feet are numb", "tingling in both legs"], site="leg", implies=["leg_numbness"])
f("numbness_l5_dermatome", "Numbness on the top of the foot and big toe", "Is the top of your foot, or your big toe, numb?", "sign", "sensory", 0.02,
  ["top of my foot is numb", "big toe is numb", "numb big toe", "numbness on top of the foot", "numb dorsum of foot", "numbness in the big toe", "outer shin numb"], lat=True, site="foot", refs=["isncsci_key_points"])
f("numbness_s1_dermatome", "Numbness of the outer foot, little toe or sole", "Is the outer edge of your foot, little toe, heel or sole numb?", "sign", "sensory", 0.02,
  ["outside of my foot is numb", "little toe is numb", "sole of my foot is numb", "heel is numb", "numb sole", "numbness on the outer foot", "numb little toe", "lateral foot numb"], lat=True, site="foot", refs=["isncsci_key_points"])
f("numbness_l4_dermatome", "Numbness of the inner shin", "Is the inside of your shin or ankle numb?", "sign", "sensory", 0.015,
  ["inner shin is numb", "numb inner shin", "numbness inside of my shin", "medial shin numb", "inside of my ankle is numb"], lat=True, site="shin", refs=["isncsci_key_points"])
f("numbness_anterior_thigh", "Numbness of the front of the thigh", "Is the front of your thigh numb?", "sign", "sensory", 0.015,
  ["front of my thigh is numb", "numb thigh", "thigh numbness", "numbness in the front of my thigh"], lat=True, site="thigh", refs=["clinical_neurology_roots"])
f("stocking_sensory_loss", "Sensory loss in a sock (stocking) pattern", "Is the numbness in both feet like a sock, worse at the toes?", "sign", "sensory", 0.03,
  ["stocking distribution", "glove and stocking", "sock distribution", "numb like wearing socks", "stocking sensory loss"], hpo="HP:0002495", site="foot")
f("sensory_level", "Numbness below a level on the trunk", "Is there a line on your chest or belly below which the skin feels numb or different?", "sign", "sensory", 0.003,
  ["sensory level", "numb from the waist down", "numb below my chest", "numb from the chest down", "numbness below the waist"])
f("saddle_anaesthesia", "Numbness in the saddle area", "Is the skin between your legs, around your bottom or genitals numb or different when you wipe?", "symptom", "red_flags", 0.003,
  ["saddle anaesthesia", "saddle anesthesia", "saddle numbness", "numb between my legs", "numbness between my legs", "numb around my bottom", "numb bottom", "numb genitals", "numbness around the anus",
   "can not feel toilet paper", "numb when wiping", "numb groin", "numbness in the groin", "perineal numbness", "numb private parts", "numb buttocks and genitals"],
  refs=["bass_ces_2018", "lavy_2022_ces"])

# --- bladder, bowel, sexual ---
f("urinary_retention", "Difficulty passing urine or retention", "Have you had new difficulty starting to pass urine, a weak stream, or been unable to pass urine?", "symptom", "red_flags", 0.005,
  ["can not pee", "cannot pass urine", "unable to pass urine", "can not urinate", "difficulty urinating", "trouble peeing", "urinary retention", "difficulty starting urination", "weak urine stream",
   "can not empty my bladder", "have to strain to pee", "not feeling when bladder is full", "reduced sensation of urine", "retention of urine", "had to be catheterised"],
  hpo="HP:0000016", snomed="267064002", refs=["bass_ces_2018"])
f("urinary_incontinence", "Loss of bladder control", "Have you had new leaking or loss of control of urine?", "symptom", "red_flags", 0.01,
  ["wet myself", "leaking urine", "urinary incontinence", "lost control of my bladder", "loss of bladder control", "incontinent of urine", "can not hold my urine", "bladder control"],
  hpo="HP:0000020", snomed="165232002", refs=["bass_ces_2018"])
f("bowel_incontinence", "Loss of bowel control or rectal sensation", "Have you had new loss of control of your bowels, or not felt when your bowel is full?", "symptom", "red_flags", 0.003,
  ["bowel incontinence", "soiled myself", "lost control of my bowels", "loss of bowel control", "faecal incontinence", "fecal incontinence", "can not feel when i need to poo", "bowel control"],
  hpo="HP:0002607", refs=["bass_ces_2018"])
f("sexual_dysfunction_new", "New sexual dysfunction", "Have you had new loss of erection, ejaculation or genital sensation?", "symptom", "red_flags", 0.01,
  ["erectile dysfunction", "can not get an erection", "loss of erection", "numb penis", "numb vagina", "sexual dysfunction", "loss of sensation during sex"], refs=["bass_ces_2018"])

# --- reflexes and examination ---
f("reduced_knee_reflex", "Reduced or absent knee jerk", "Has a clinician found your knee reflex reduced or absent?", "sign", "exam", 0.05,
  ["reduced knee reflex", "absent knee reflex", "absent knee jerk", "reduced knee jerk", "diminished patellar reflex", "absent patellar reflex", "reduced patellar reflex"], lat=True, refs=["clinical_neurology_roots"])
f("reduced_ankle_reflex", "Reduced or absent ankle jerk", "Has a clinician found your ankle reflex reduced or absent?", "sign", "exam", 0.06,
  ["reduced ankle reflex", "absent ankle reflex", "absent ankle jerk", "reduced ankle jerk", "absent achilles reflex", "reduced achilles reflex", "diminished achilles reflex", "lost ankle reflex"], lat=True, refs=["clinical_neurology_roots"])
f("reduced_medial_hamstring_reflex", "Reduced medial hamstring reflex", "Has a clinician found your medial hamstring reflex reduced?", "sign", "exam", 0.04,
  ["reduced medial hamstring reflex", "absent medial hamstring reflex", "hamstring reflex reduced"], lat=True, refs=["esene_2012_hamstring_reflex"])
f("areflexia", "Reflexes absent in all limbs", "Has a clinician found your reflexes absent or much reduced in both arms and legs?", "sign", "exam", 0.01,
  ["areflexia", "no reflexes", "reflexes are absent", "absent reflexes", "generalised hyporeflexia", "reflexes absent everywhere", "all reflexes absent"], hpo="HP:0001284", refs=["asbury_cornblath_1990_gbs"])
f("upper_motor_neuron_signs", "Brisk reflexes, spasticity or Babinski sign", "Has a clinician found brisk reflexes, stiffness (spasticity), clonus or an upgoing toe (Babinski)?", "sign", "exam", 0.01,
  ["brisk reflexes", "hyperreflexia", "spasticity", "stiff legs", "babinski", "upgoing plantar", "clonus", "upper motor neuron signs", "spastic"], hpo="HP:0001347")
f("positive_slr", "Positive straight-leg raise", "When someone lifts your straight leg while you lie on your back, does it bring on pain down the leg?", "sign", "exam", 0.1,
  ["positive straight leg raise", "positive slr", "straight leg raise positive", "slr positive", "lasegue sign", "positive lasegue", "straight leg raise test was positive", "pain on straight leg raising"],
  lat=True, refs=["straight_leg_raise_accuracy"])
f("crossed_slr", "Positive crossed straight-leg raise", "Does lifting your good leg bring on pain in the painful leg?", "sign", "exam", 0.01,
  ["crossed straight leg raise", "crossed slr", "positive crossed slr", "contralateral slr"], lat=True, refs=["straight_leg_raise_accuracy"])
f("positive_femoral_stretch", "Positive femoral stretch test", "When lying face down and the knee is bent, is there pain in the front of the thigh?", "sign", "exam", 0.02,
  ["femoral stretch test positive", "positive femoral stretch", "reverse straight leg raise", "positive femoral nerve stretch"], lat=True)
f("reduced_anal_tone", "Reduced anal tone", "Has a clinician found reduced anal tone on examination?", "sign", "exam", 0.002,
  ["reduced anal tone", "lax anal tone", "poor anal tone", "decreased anal tone"], refs=["lavy_2022_ces"])
f("normal_sensation", "Normal sensation on examination", "Did a clinician find your sensation normal?", "sign", "exam", 0.6,
  ["sensation is normal", "normal sensation", "no sensory loss", "sensation intact"])

# --- systemic ---
f("fever", "Fever", "Have you had a fever, chills or felt hot and shivery?", "symptom", "systemic", 0.03,
  ["fever", "feverish", "high temperature", "temperature", "chills", "shivering", "rigors", "febrile", "sweats and chills"], hpo="HP:0001945", snomed="386661006", refs=["msd_epidural_abscess"])
f("weight_loss", "Unexplained weight loss", "Have you lost weight without trying?", "symptom", "systemic", 0.03,
  ["weight loss", "lost weight", "losing weight", "unintentional weight loss", "dropped weight", "lost kilos", "lost pounds", "lost a lot of weight"], hpo="HP:0001824", snomed="89362005", refs=["downie_2013_red_flags"])
f("night_sweats", "Night sweats", "Do you wake up drenched in sweat?", "symptom", "systemic", 0.03,
  ["night sweats", "sweating at night", "drenched in sweat", "soaked sheets"], hpo="HP:0030166")
f("fatigue", "Fatigue", "Do you feel unusually tired or exhausted?", "symptom", "systemic", 0.15,
  ["tired", "fatigue", "exhausted", "exhaustion", "no energy", "tiredness", "worn out", "lethargic"], hpo="HP:0012378", snomed="84229001")
f("feels_unwell", "Feeling generally unwell", "Do you feel generally unwell or ill?", "symptom", "systemic", 0.05,
  ["feel unwell", "feel ill", "feeling sick", "malaise", "generally unwell", "feel terrible"])
f("breathing_difficulty", "Breathing difficulty", "Are you short of breath or finding it hard to breathe?", "symptom", "red_flags", 0.02,
  ["short of breath", "shortness of breath", "hard to breathe", "difficulty breathing", "breathless", "can not breathe", "breathing problems", "struggle to breathe"], hpo="HP:0002094", snomed="267036007")
f("dysphagia", "Difficulty swallowing", "Do you have difficulty swallowing, or choke on food or drink?", "symptom", "red_flags", 0.01,
  ["difficulty swallowing", "trouble swallowing", "choke on food", "choking", "dysphagia", "food gets stuck", "hard to swallow"], hpo="HP:0002015", snomed="40739000")
f("facial_weakness", "Facial weakness", "Is your face weak or drooping on one or both sides?", "sign", "red_flags", 0.005,
  ["facial weakness", "face is drooping", "facial droop", "can not smile", "weak face", "facial palsy"], hpo="HP:0030319")

# --- history and risk factors ---
f("history_of_cancer", "History of cancer", "Have you ever had cancer, or are you being treated for cancer now?", "history", "risk", 0.05,
  ["history of cancer", "had cancer", "breast cancer", "prostate cancer", "lung cancer", "cancer", "tumour", "tumor", "malignancy", "chemotherapy", "metastases", "metastatic", "kidney cancer", "myeloma", "lymphoma"],
  hpo="HP:0002664", refs=["downie_2013_red_flags"])
f("iv_drug_use", "Injecting drug use", "Do you inject drugs, or have you in the past?", "risk_factor", "risk", 0.01,
  ["inject drugs", "injecting drug use", "iv drug use", "intravenous drug use", "heroin", "injection drug user", "ivdu"], refs=["symptom_to_diagnosis_sea"])
f("immunosuppression", "Weakened immune system", "Is your immune system weakened, for example by HIV, transplant medicines, chemotherapy or dialysis?", "risk_factor", "risk", 0.03,
  ["immunosuppressed", "immunocompromised", "hiv", "transplant", "on dialysis", "weak immune system", "biologic therapy", "immunosuppressant"], refs=["symptom_to_diagnosis_sea"])
f("recent_bacterial_infection_or_procedure", "Recent spinal procedure, bacterial infection or bloodstream infection", "Have you recently had a spinal injection or operation, a skin or urine infection, or a blood infection?", "history", "risk", 0.03,
  ["spinal injection", "epidural injection", "back operation", "spinal surgery", "recent infection", "skin infection", "abscess", "bloodstream infection", "sepsis", "endocarditis", "urinary infection recently"],
  refs=["symptom_to_diagnosis_sea"])
f("diabetes", "Diabetes", "Do you have diabetes?", "history", "risk", 0.1,
  ["diabetes", "diabetic", "type 2 diabetes", "type 1 diabetes", "on insulin", "metformin", "high blood sugar", "sugar diabetes"], hpo="HP:0000819", snomed="73211009")
f("recent_viral_infection", "Infection in the last six weeks", "Have you had a stomach bug, diarrhoea, flu-like or chest infection in the last six weeks?", "history", "risk", 0.15,
  ["had the flu", "flu", "stomach bug", "gastroenteritis", "diarrhoea", "diarrhea", "food poisoning", "cold", "chest infection", "viral infection", "covid", "sore throat", "infection a few weeks ago"],
  refs=["asbury_cornblath_1990_gbs"])
f("significant_trauma", "Significant injury", "Have you had a significant injury, such as a fall from a height, a car crash or a heavy blow to the back?", "history", "risk", 0.03,
  ["car accident", "car crash", "fell from a height", "fall from height", "road traffic accident", "motorbike accident", "hit by a car", "major trauma", "fell off a ladder", "fell down the stairs", "heavy fall"],
  refs=["henschke_2009_serious_pathology"])
f("minor_strain_onset", "Started with lifting, twisting or exercise", "Did it start while lifting, twisting, bending or exercising?", "history", "history", 0.2,
  ["lifting", "while lifting", "lifted something heavy", "twisted", "bending over", "warm up", "warm-ups", "doing warm ups", "at the gym", "deadlift", "after exercise", "while exercising", "pulled a muscle", "sports injury", "strained"])
f("long_term_steroids", "Long-term corticosteroid use", "Have you taken steroid tablets (such as prednisolone) for more than a few months?", "risk_factor", "risk", 0.03,
  ["steroids", "prednisolone", "prednisone", "corticosteroids", "long term steroids", "on steroids", "dexamethasone", "hydrocortisone tablets"], refs=["henschke_2009_serious_pathology", "downie_2013_red_flags"])
f("osteoporosis", "Osteoporosis", "Have you been told you have osteoporosis or thin bones?", "history", "risk", 0.05,
  ["osteoporosis", "thin bones", "brittle bones", "osteopenia", "low bone density"], snomed="64859006")
f("statin_use", "Taking a statin", "Do you take a statin for cholesterol (such as atorvastatin or simvastatin)?", "risk_factor", "risk", 0.15,
  ["statin", "statins", "atorvastatin", "simvastatin", "rosuvastatin", "pravastatin", "cholesterol medication", "cholesterol tablets", "lipitor", "crestor"])
f("alcohol_excess", "Heavy alcohol use", "Do you drink more than 14 units of alcohol a week, or have you done so for years?", "risk_factor", "risk", 0.06,
  ["alcohol", "drink heavily", "heavy drinking", "alcoholic", "alcoholism", "drink a lot", "alcohol abuse", "bottle of wine a day"])
f("recent_immobilisation", "Recent bed rest or immobilisation", "Have you recently spent days to weeks in bed, in a cast or brace, or hardly moving?", "history", "risk", 0.05,
  ["bed rest", "bedridden", "in bed for weeks", "immobilised", "immobilized", "in a cast", "plaster cast", "could not move for weeks", "laid up", "confined to bed", "brace for weeks", "on crutches", "in a wheelchair", "immobility"],
  refs=["marusic_2021_bed_rest"])
f("recent_icu_stay", "Recent intensive care stay", "Have you recently been in intensive care, on a ventilator or very seriously ill?", "history", "risk", 0.01,
  ["intensive care", "icu", "ventilator", "ventilated", "critical care", "life support", "in a coma", "sepsis in hospital"])
f("recent_surgery_or_illness", "Recent operation or serious illness", "Have you had an operation or a serious illness in the last three months?", "history", "risk", 0.06,
  ["after surgery", "operation", "had surgery", "hospital stay", "in hospital", "long illness", "serious illness", "hospitalised", "hospitalized", "since my operation", "after my operation"])
f("sedentary", "Physically inactive", "Do you do little physical activity, sitting for most of the day?", "risk_factor", "risk", 0.2,
  ["sedentary", "sit all day", "desk job", "do not exercise", "inactive", "lack of exercise", "couch", "not active", "never exercise"])
f("prior_polio", "Polio in the past", "Did you have polio as a child?", "history", "risk", 0.002,
  ["polio", "poliomyelitis", "had polio", "infantile paralysis"])
f("family_history_neuromuscular", "Family history of muscle or nerve disease", "Has anyone in your family had a muscle, nerve or motor neuron disease?", "history", "risk", 0.02,
  ["family history", "runs in the family", "my father had the same", "my mother had the same", "my brother has the same", "my sister has the same", "relatives with muscle disease", "inherited", "genetic condition in the family"])
f("buttock_injection", "Injection into the buttock", "Did this start after an injection into your buttock?", "history", "risk", 0.005,
  ["injection in my buttock", "injection into the buttock", "jab in my bum", "shot in the buttock", "intramuscular injection", "im injection", "injection in the bum", "gluteal injection", "after an injection"])
f("prolonged_leg_crossing_or_kneeling", "Prolonged leg crossing, squatting or kneeling", "Did it start after a long time kneeling, squatting, crossing your legs or wearing a tight cast at the knee?", "history", "risk", 0.01,
  ["cross my legs", "crossing my legs", "kneeling", "squatting", "sat cross legged", "crossed legs", "pressure on the side of my knee"], refs=["foot_drop_localisation"])
f("hip_or_pelvic_surgery", "Hip, pelvic or abdominal surgery", "Did this start after a hip replacement or an operation in the pelvis or abdomen?", "history", "risk", 0.02,
  ["hip replacement", "hip surgery", "pelvic surgery", "hysterectomy", "hip operation", "after my hip replacement", "abdominal surgery"])
f("poor_appetite", "Poor appetite or eating little", "Have you been eating much less than usual or lost your appetite?", "symptom", "systemic", 0.05,
  ["poor appetite", "loss of appetite", "not eating", "eating less", "no appetite", "do not eat much"])

# --- timing ---
f("onset_acute_under_4_weeks", "Started less than 4 weeks ago", "Did this start less than 4 weeks ago?", "history", "timing", 0.3,
  ["started last week", "started a few days ago", "since yesterday", "this week", "few days ago"], refs=["acp_2017_lbp"])
f("duration_subacute_4_to_12_weeks", "Present for 4 to 12 weeks", "Has this been going on for between 4 and 12 weeks?", "history", "timing", 0.2, refs=["acp_2017_lbp"])
f("duration_chronic_over_12_weeks", "Present for more than 12 weeks", "Has this been going on for more than 3 months?", "history", "timing", 0.4,
  ["for years", "for months", "chronic", "long standing", "for a long time"], refs=["acp_2017_lbp", "nih_task_force_clbp"])
f("duration_over_1_year", "Present for more than a year", "Has this been going on for more than a year?", "history", "timing", 0.25,
  ["for years", "several years", "many years"])
f("sudden_onset", "Sudden onset", "Did it start suddenly, within minutes or hours?", "history", "timing", 0.15,
  ["suddenly", "sudden onset", "came on suddenly", "all of a sudden", "out of the blue", "overnight"])
f("gradual_onset", "Gradual onset over months", "Did it come on slowly over months or years?", "history", "timing", 0.3,
  ["gradually", "slowly", "gradual", "over months", "over the years", "crept up", "slowly getting worse", "over several months"])
f("relapsing_course", "Comes and goes in attacks", "Does it come in episodes or attacks that get better and then return?", "history", "timing", 0.1,
  ["comes and goes", "episodes", "attacks", "relapses", "flare ups", "flares", "on and off"])
f("not_improving_despite_rehab", "Not improving despite physiotherapy", "Have you had physiotherapy or rehab for weeks without improvement?", "history", "timing", 0.1,
  ["still can not recover", "not getting better", "no improvement", "rehab did not help", "physiotherapy did not help", "physio has not helped", "months of rehab", "still not better", "can not recover", "despite rehab", "despite physiotherapy"])

# --- demographics derived from age ---
f("age_over_50", "Age over 50", "Are you over 50?", "demographic", "demographics", 0.35, refs=["downie_2013_red_flags"])
f("age_over_70", "Age over 70", "Are you over 70?", "demographic", "demographics", 0.12, refs=["henschke_2009_serious_pathology"])
f("age_under_45", "Age under 45", "Are you under 45?", "demographic", "demographics", 0.4, refs=["sieper_2009_asas_ibp"])

# --- common test results ---
f("ck_elevated", "Raised creatine kinase (CK)", "Has a blood test shown a raised CK (creatine kinase)?", "test_result", "tests", 0.08,
  ["raised ck", "high ck", "elevated ck", "ck was high", "creatine kinase raised", "elevated creatine kinase", "high creatine kinase", "ck elevated", "raised creatine kinase"],
  hpo="HP:0003236", refs=["ccjm_2016_ck"])
f("ck_markedly_elevated", "CK more than 10 times normal (over about 1000-2000 U/L)", "Was the CK more than ten times the upper limit of normal?", "test_result", "tests", 0.01,
  ["ck in the thousands", "very high ck", "ck over 1000", "ck over 2000", "ck 10 times normal", "markedly elevated ck", "massively raised ck", "ck was very high"], implies=["ck_elevated"], refs=["kley_2018_hyperckemia"])
f("crp_esr_raised", "Raised CRP or ESR", "Has a blood test shown raised inflammation markers (CRP or ESR)?", "test_result", "tests", 0.08,
  ["raised crp", "high crp", "elevated crp", "raised esr", "high esr", "elevated esr", "inflammatory markers raised", "high inflammation markers"], refs=["msd_epidural_abscess"])
f("mri_root_compression", "MRI: disc or bone compressing a nerve root", "Has an MRI shown a disc or bone pressing on a nerve root?", "test_result", "tests", 0.1,
  ["disc herniation", "herniated disc", "slipped disc", "disc prolapse", "prolapsed disc", "bulging disc", "disc bulge", "disc pressing on the nerve", "nerve root compression", "pinched nerve",
   "compressed nerve", "trapped nerve", "disc protrusion", "disc extrusion", "nerve is compressed", "disc is pressing on a nerve", "herniated discs", "disc hernia"],
  lat=True, refs=["acr_lbp_2021"])
f("mri_l3_l4_disc", "MRI: L3-L4 disc lesion", "Did the MRI show a problem at the L3-L4 disc?", "test_result", "tests", 0.02,
  ["l3-l4", "l3/l4", "l3-4", "l3 l4", "l3/4", "l3 4"], refs=["acr_lbp_2021"])
f("mri_l4_l5_disc", "MRI: L4-L5 disc lesion", "Did the MRI show a problem at the L4-L5 disc?", "test_result", "tests", 0.05,
  ["l4-l5", "l4/l5", "l4-5", "l4 l5", "l4/5", "l4 5"], refs=["acr_lbp_2021"])
f("mri_l5_s1_disc", "MRI: L5-S1 disc lesion", "Did the MRI show a problem at the L5-S1 disc?", "test_result", "tests", 0.05,
  ["l5-s1", "l5/s1", "l5 s1", "lumbosacral disc"], refs=["acr_lbp_2021"])
f("mri_canal_stenosis", "MRI: narrowing of the spinal canal", "Has an MRI shown narrowing of the spinal canal (stenosis)?", "test_result", "tests", 0.06,
  ["spinal stenosis", "canal stenosis", "narrowing of the spinal canal", "narrow spinal canal", "stenosis", "foraminal stenosis", "lateral recess stenosis"], refs=["jama_rce_stenosis"])
f("mri_normal_spine", "MRI of the spine normal or without nerve compression", "Was an MRI of your spine normal, with no nerve compression?", "test_result", "tests", 0.05,
  ["mri was normal", "normal mri", "mri showed nothing", "mri was clear", "nothing on the mri", "mri came back normal", "scan was normal"])
f("emg_radiculopathy", "EMG: denervation in one root's muscles (radiculopathy pattern)", "Has a nerve test (EMG) shown damage in the muscles of one nerve root?", "test_result", "tests", 0.03,
  ["emg showed radiculopathy", "emg radiculopathy", "nerve test showed radiculopathy", "emg showed nerve root damage", "radiculopathy on emg", "chronic radiculopathy", "denervation on emg", "nerve conduction showed nerve damage"],
  lat=True, refs=["wilbourn_aminoff_1998_emg"])
f("emg_widespread_denervation", "EMG: widespread active and chronic denervation in several regions", "Has an EMG shown nerve damage in many muscles of several body regions?", "test_result", "tests", 0.005,
  ["widespread denervation", "emg showed widespread denervation", "denervation in multiple regions", "diffuse denervation", "anterior horn cell disease on emg"], refs=["wilbourn_aminoff_1998_emg"])
f("emg_myopathic", "EMG: myopathic pattern", "Has an EMG shown a muscle (myopathic) pattern?", "test_result", "tests", 0.01,
  ["myopathic emg", "emg showed myopathy", "myopathic changes", "myopathic pattern", "short small polyphasic"], hpo="HP:0003458", refs=["kley_2018_hyperckemia"])
f("ncs_demyelinating", "Nerve conduction: demyelinating neuropathy", "Have nerve conduction studies shown demyelination (slowed conduction, conduction block)?", "test_result", "tests", 0.005,
  ["demyelinating", "demyelination", "conduction block", "slowed conduction velocity", "prolonged f waves", "demyelinating neuropathy"], refs=["asbury_cornblath_1990_gbs"])
f("ncs_axonal_polyneuropathy", "Nerve conduction: length-dependent axonal polyneuropathy", "Have nerve conduction studies shown a length-dependent axonal polyneuropathy?", "test_result", "tests", 0.02,
  ["axonal neuropathy", "axonal polyneuropathy", "peripheral neuropathy on nerve conduction", "sensorimotor polyneuropathy", "length dependent neuropathy"])
f("ncs_reduced_snap", "Nerve conduction: reduced sensory potentials in the affected leg", "Did nerve conduction studies show reduced sensory nerve responses in the affected leg?", "test_result", "tests", 0.02,
  ["reduced sural", "absent sural", "reduced snap", "low sensory amplitudes", "reduced sensory nerve action potential"], lat=True, refs=["wilbourn_aminoff_1998_emg"])
f("emg_paraspinal_denervation", "EMG: denervation in the paraspinal muscles", "Did the EMG show denervation in the muscles beside the spine?", "test_result", "tests", 0.02,
  ["paraspinal denervation", "paraspinal fibrillations", "abnormal paraspinals", "paraspinal muscles showed denervation"], refs=["wilbourn_aminoff_1998_emg"])
f("emg_paraspinal_normal", "EMG: paraspinal muscles normal despite limb denervation", "Did the EMG show normal paraspinal muscles while leg muscles were denervated?", "test_result", "tests", 0.01,
  ["paraspinals were normal", "paraspinal sparing", "normal paraspinal muscles", "spared paraspinals"], refs=["wilbourn_aminoff_1998_emg"])
f("low_vitamin_d", "Low vitamin D", "Has a blood test shown low vitamin D?", "test_result", "tests", 0.1,
  ["low vitamin d", "vitamin d deficiency", "vitamin d deficient", "lack of vitamin d", "vit d low"], refs=["osteomalacia_myopathy"])

with open("src/lumbus/knowledge/data/findings/core.yaml", "w") as fh:
    fh.write("# Findings shared by every domain. Background = P(finding) in people presenting with back\n"
             "# weakness or wasting whose condition does not cause it (the leak); most are estimates.\n")
    yaml.safe_dump({"findings": F}, fh, sort_keys=False, allow_unicode=True, width=140)
print(len(F))
