package org.robustr1.model.embedded;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.robustr1.core.degradation.DegradationType;

/**
 * The closed word list of the embedded tokenizer: the words of the procedural scene dataset, the
 * degradation names, the Robust-R1 prompt templates, the Qwen chat template, the vocabulary of
 * degradation influence and reasoning templates, and a generous set of common English words.
 *
 * <p>Words are stored lower case; the tokenizer adds the capitalised form of each word and the
 * forms with a leading space.
 */
public final class EmbeddedVocabulary {

  /** Scene dataset: shapes, colours, counts, positions, question and rationale words. */
  private static final String SCENES =
      """
      circle circles square squares triangle triangles diamond diamonds shape shapes round box rhombus
      red green blue yellow purple orange violet white black gray grey brown pink cyan color colors colour
      one two three four five six seven eight nine ten zero eleven twelve first second third fourth
      top bottom left right upper lower middle center centre corner side part half quarter
      what which where how many much is are was were there the a an of in on at to and or not only
      largest smallest biggest bigger smaller larger big small large tiny huge size sizes
      object objects thing things picture image photo scene number count counting gives can see
      it its this that these those other others all each every some any no none
      i you we they he she looking near far next above below between inside outside
      has have had does do did so because
      """;

  /** The Robust-R1 training template, the inference instruction and the Qwen default chat turns. */
  private static final String PROMPTS =
      """
      first output types type degradations degradation briefly tags tag then effects effect these
      have based strength appropriate length for reasoning process summarize summary content give
      answer answers provides provide user with e here influence influences final conclusion
      system assistant helpful are you video question options option choose choice choices letter
      directly please respond reply brief short using word phrase single following given correct
      """;

  /** Degradations, their influence on the image and the words of reasoning chains. */
  private static final String DEGRADATION =
      """
      blur blurs blurred blurry blurring blurriness noise noises noisy grain grainy graininess speckle
      speckles speckled dark darker darkest darkness darkened darkens dim dimmer dimmed bright brighter
      brightest brightness brightened illumination illuminated lighting light lights lit low lower
      lowers lowered high higher contrast contrasts saturation saturated saturate desaturated
      oversaturated hue hues tint tinted faded fade fades washed wash shift shifts shifted mean
      jpeg compression compressed artifact artifacts blocky blockiness blocks block exchange
      exchanged exchanges swapped swap scan scanned lines line stripes striped horizontal vertical
      diagonal lens lenses flare flares glare halo halos dirty dirt smudge smudges smudged stain
      stains stained spot spots motion moving movement streak streaks streaking smeared smear smears
      atmospheric turbulence wavy wave waves ripple ripples rippled warped warp warps distorted
      distortion distortions distort distorts diffusion diffused bleeding bleed bleeds sharpness
      sharp sharpen sharpened sharpening oversharpened over ringing graffiti scribble scribbles
      scribbled stroke strokes paint painted watermark watermarks damage damaged damages text overlay
      overlaid logo edge edges detail details texture textures fine boundary boundaries outline
      outlines region regions area areas pixel pixels pristine clean original semantic semantics
      obscure obscures obscured hide hides hidden reduce reduces reduced reduction lose loses lost
      loss make makes made harder hard difficult difficulty easy easier recognize recognise
      recognizable identify identifiable distinguish distinguishable read readable locate located
      seen visible visibility invisible clear clearly clarity unclear partly partially mostly
      largely slightly slight mild mildly moderate moderately severe severely heavy heavily strong
      strongly weak weakly intense intensity intensities level levels degree amount extent quality
      gaussian shot impulse defocus defocused glass zoom snow frost fog foggy haze hazy elastic
      transform transformed pixelate pixelated pixelation spatter hsv camera sensor capture
      captured acquisition transmission environment environmental postprocessing processing
      stage stages signal artificial natural noise-free focus focused unfocused out shake shaking
      shaky exposure exposed underexposed overexposed shadow shadows shadowed dull vivid muted
      colorful colourful grayscale monochrome random randomly uniform uneven irregular pattern
      patterns structure structures layout global local whole entire across throughout overall
      nearby surrounding appearance appear appears appeared look looks looked remain remains
      remained stay stays still yet although though however despite while whereas but also even
      therefore thus hence since as if when whether either neither nor both than rather quite very
      too enough more most less least few several many various certain main key important
      relevant information evidence cue cues feature features visual vision perceive perceived
      perception interpret interpreted interpretation analyze analyse analysis examine examined
      inspect inspected observe observed observation judge judged determine determined
      infer inferred estimate estimated conclude concluded recover recovered restore restored
      ignore ignored focusing attend careful carefully robust robustness reliable reliably
      confidence confident uncertain certainty likely unlikely probably possible possibly
      """;

  /** Common English words templates are likely to need. */
  private static final String COMMON =
      """
      about after again against ago along already always am among another around away back be
      became become becomes been before began begin being best better beyond by call called came
      case cause caused causes change changed changes check close closer come comes could day
      different down during early else end ended ends enough especially ever example except fact
      far find finds found from full fully further get gets getting go goes going gone good got
      great group hand happen happens help her him his however idea including indeed into itself
      just keep kept kind know known last later least left let like long made many may maybe me
      might mine more must my need needs never new nothing now number off often old once open other
      our out own people per place point points possible put rather real really reason reasons
      result results right same say says seem seems set should show shows shown shown similar
      simply since so something sometimes soon state still such sure take taken takes tell than
      thank that their them themselves there thereby these they think through time times today
      together toward towards true try turn turned turns under until up upon us use used uses
      usually value values very view want way ways well went whatever when whereas which while
      who whole whose why will within without work works would yes your able according actually
      add added affect affected affects almost alone already although always among amount apply
      applied approach around ask asked available average based basic become before behind being
      believe below beside besides beyond cannot common compared completely consider considered
      considering contain contains contained correctly correspond corresponds current degree
      depends describe described description despite difference directly due easily effect
      effects either element elements especially evaluate exact exactly explain explained express
      fairly form format general generally gives giving ground guess include includes increase
      increased increases instead itself judging kept known lead leads least lesser likely
      little matter matches match matching means measure mentioned method middle minor missing
      mostly name named nature nearly necessary neither normal notice noticeable noticed object
      obvious obviously occur occurs order others otherwise outside overall particular particularly
      perhaps position positions present presence previous primary problem properly provided
      purely range rate ratio reach reading ready real recognized regarding related relative
      relatively remaining require required requires rest role second seems separate separated
      seriously shown significant significantly simple since small somewhat specific specifically
      step steps strength structure subject sufficient suggest suggests summary supposed surface
      system taking task term terms thin thick third total totally toward typical typically
      understand understood unit upon used useful usual various version whole wide width height
      word words world worse worst written wrong yield yields
      """;

  /** Words that also appear in capitals (template emphasis, acronyms, tag names). */
  private static final List<String> UPPER =
      List.of(
          "APPROPRIATE", "JPEG", "HSV", "RGB", "OK", "TYPE", "INFLUENCE", "REASONING", "CONCLUSION",
          "ANSWER", "END", "NOT", "ONLY", "VQA");

  private EmbeddedVocabulary() {}

  /** Words that the tokenizer also knows in all capitals, e.g. {@code APPROPRIATE}. */
  public static List<String> upperCaseWords() {
    return UPPER;
  }

  /**
   * All base words, lower case, sorted and distinct: the lists above plus every word of the chain
   * name and op name of each {@link DegradationType}.
   */
  public static List<String> words() {
    Set<String> out = new TreeSet<>();
    for (String block : List.of(SCENES, PROMPTS, DEGRADATION, COMMON)) {
      addWords(out, block);
    }
    for (DegradationType t : DegradationType.values()) {
      addWords(out, t.chainName());
    }
    return List.copyOf(out);
  }

  private static void addWords(Set<String> out, String text) {
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
  }
}
