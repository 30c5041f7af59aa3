// Every user-visible string of the page, in English (en) and Traditional Chinese (zh), plus
// a tiny lookup: t(key, vars) fills "{name}" placeholders. Strings that are the same in every
// language (function names, symbols) live in SHARED. It holds no logic about what to show
// when; the panels decide that. The teaching text is written for this page, from the lesson.

export const LANGS = [
  { code: 'en', label: 'English', htmlLang: 'en' },
  { code: 'zh', label: '繁體中文', htmlLang: 'zh-Hant' },
];

// Language-neutral strings: display names of the catalogue entries.
const SHARED = {
  'fn.identity': 'Identity', 'fn.sigmoid': 'Sigmoid', 'fn.tanh': 'Tanh', 'fn.relu': 'ReLU',
  'fn.leaky_relu': 'Leaky ReLU', 'fn.prelu': 'PReLU', 'fn.rrelu': 'RReLU', 'fn.relu6': 'ReLU6',
  'fn.elu': 'ELU', 'fn.selu': 'SELU', 'fn.celu': 'CELU', 'fn.gelu': 'GELU',
  'fn.gelu_tanh': 'GELU (tanh)', 'fn.silu': 'SiLU / Swish', 'fn.mish': 'Mish',
  'fn.softplus': 'Softplus', 'fn.softsign': 'Softsign', 'fn.hardsigmoid': 'Hardsigmoid',
  'fn.hardtanh': 'Hardtanh', 'fn.hardswish': 'Hardswish', 'fn.logsigmoid': 'LogSigmoid',
  'fn.softshrink': 'Softshrink', 'fn.hardshrink': 'Hardshrink', 'fn.tanhshrink': 'Tanhshrink',
  'fn.threshold': 'Threshold', 'fn.binary_step': 'Binary step', 'fn.exponential': 'Exponential',
  'fn.squareplus': 'Squareplus', 'fn.sparse_plus': 'Sparse plus',
  'fn.sparse_sigmoid': 'Sparse sigmoid', 'fn.hard_sigmoid_keras2': 'Hard sigmoid (Keras 2)',
};

export const STRINGS = {
  en: {
    'app.title': 'Activation Lab',
    'app.tagline': 'Why neural networks need activation functions',
    'app.language': 'Language',
    'app.panels': 'Panels',
    'app.loading': 'Loading the computation core…',
    'app.loadFailed': 'The computation core could not be loaded: {msg}',
    'app.unknownPanel': 'There is no panel called “{id}”; showing {fallback} instead.',
    'app.linkIssue': 'Part of the link was not understood and was ignored or adjusted: {keys}.',
    'app.openFull': 'Open in Activation Lab',
    'app.footer': 'Everything is computed in your browser by a C++ core compiled to WebAssembly, in double precision; derivatives follow PyTorch’s conventions.',
    'app.dismiss': 'Dismiss',

    'panel.curves': 'Curves',
    'curves.heading': 'Activation functions and their slopes',
    'curves.intro': 'An activation function f is applied to the weighted sum of every neuron. Its shape decides what a network can represent; its slope f′ decides how well the network learns, because during training every gradient is multiplied by f′ on its way back through the layer. Without a non-linear f, any number of layers collapses into a single linear map.',
    'curves.functions': 'Functions',
    'curves.add': 'Add a function',
    'curves.addPlaceholder': 'Choose a function…',
    'curves.remove': 'Remove {name}',
    'curves.maxReached': 'At most {n} functions can be shown at once.',
    'curves.none': 'No function selected: add one from the list.',
    'curves.view': 'View',
    'curves.range': 'x range',
    'curves.xmin': 'from',
    'curves.xmax': 'to',
    'curves.rangeError': 'The range needs “from” below “to”, both between −100 and 100.',
    'curves.showDerivative': 'Show the derivative f′ (dashed)',
    'curves.showSaturation': 'Shade saturation zones',
    'curves.reset': 'Reset view',
    'curves.parameters': 'Parameters',
    'curves.noParams': 'No parameters.',
    'curves.paramRange': 'Enter a number between {min} and {max}.',
    'curves.drawError': 'Cannot draw {name} with these settings: {msg}',
    'curves.ignoredFn': 'Not in the catalogue, ignored: {names}.',
    'curves.chartLabel': 'Chart of f(x) and f′(x) for {names}, for x from {xmin} to {xmax}.',
    'curves.legendF': 'f(x): solid line',
    'curves.legendDf': 'f′(x): dashed line',
    'curves.legendSat': 'shaded band: saturation zone, where |f′(x)| < {thr}',
    'curves.tipF': 'f = {v}',
    'curves.tipDf': 'f′ = {v}',
    'curves.formula': 'Function',
    'curves.derivative': 'Derivative',
    'curves.points': 'What to notice',
    'curves.kinks': 'Kinks (f′ jumps) at x = {list}.',
    'curves.aliases': 'Also known as {list}.',
    'curves.source': 'Definition: {source}.',
    'curves.hoverHint': 'Hover over the chart (or touch it) to read x, f(x) and f′(x).',

    'group.classic': 'Classic',
    'group.relu': 'ReLU family',
    'group.smooth': 'Smooth (exp-based)',
    'group.hard': 'Hard (piecewise linear)',
    'group.other': 'Other',

    'param.negative_slope': 'slope for x < 0',
    'param.weight': 'slope for x < 0 (learned in training)',
    'param.alpha': 'size of the negative side',
    'param.beta': 'sharpness',
    'param.threshold': 'threshold',
    'param.value': 'output below the threshold',
    'param.min_val': 'lower limit',
    'param.max_val': 'upper limit',
    'param.lambd': 'half-width of the zero band',
    'param.b': 'smoothness',
    'param.lower': 'lowest random slope',
    'param.upper': 'highest random slope',

    'about.identity': 'f(x) = x, that is, no activation at all. A network made only of such layers is one linear map however deep it is — which is exactly why activation functions exist.',
    'about.sigmoid': 'Squashes any input into (0, 1). The classic choice of early networks; today mostly used for output probabilities and for gates.',
    'about.tanh': 'A rescaled sigmoid with outputs in (−1, 1): tanh(x) = 2σ(2x) − 1.',
    'about.relu': 'Keeps positive inputs and sets negative ones to 0. The default for hidden layers: simple, fast, and it does not saturate for x > 0.',
    'about.leaky_relu': 'ReLU with a small slope for negative inputs instead of a flat 0 — proposed to keep neurons from dying.',
    'about.prelu': 'Leaky ReLU whose negative slope is a weight learned during training (PyTorch starts it at 0.25).',
    'about.rrelu': 'Randomised leaky ReLU: in training each element draws a negative slope from [1/8, 1/3]; in evaluation the mean slope (11/48 by default) is used, as drawn here.',
    'about.relu6': 'ReLU capped at 6, used in mobile networks (MobileNet) because a bounded output suits low-precision arithmetic.',
    'about.elu': 'Exponential linear unit: like ReLU for x > 0, but bends smoothly towards −α for negative inputs, which pulls the mean output towards 0.',
    'about.selu': 'Scaled ELU with fixed constants λ ≈ 1.0507 and α ≈ 1.6733, chosen so that outputs keep mean 0 and variance 1 through many layers (self-normalising networks).',
    'about.celu': 'Continuously differentiable ELU: the exponent is divided by α, so f′ is continuous at 0 for every α.',
    'about.gelu': 'Gaussian error linear unit x·Φ(x): each input is weighted by the probability that a standard normal variable lies below it. The default in Transformers such as BERT and GPT.',
    'about.gelu_tanh': 'The tanh approximation of GELU used by the original GPT-2 code; it differs from the exact GELU by less than 0.0005.',
    'about.silu': 'SiLU, also called Swish: x·σ(x). Smooth, slightly negative for x < 0 and not monotonic; used in EfficientNet and many large language models.',
    'about.mish': 'x·tanh(softplus(x)): smooth and non-monotonic, very close in shape to SiLU.',
    'about.softplus': 'A smooth ReLU, log(1 + e^(βx))/β; the larger β, the closer to ReLU.',
    'about.softsign': 'x/(1 + |x|): shaped like tanh, but it approaches ±1 only polynomially, not exponentially.',
    'about.hardsigmoid': 'A piecewise-linear stand-in for sigmoid: 0 below −3, 1 above 3 and the line x/6 + 1/2 in between. Cheap on mobile hardware.',
    'about.hardtanh': 'Clips x to the interval [min_val, max_val]: a piecewise-linear tanh.',
    'about.hardswish': 'x·hardsigmoid(x): the cheap piecewise version of SiLU introduced with MobileNetV3.',
    'about.logsigmoid': 'log σ(x), always negative. It appears inside the binary cross-entropy loss and is computed without forming σ first, which keeps it accurate for large |x|.',
    'about.softshrink': 'Moves x towards 0 by λ and sets the band |x| ≤ λ to 0; used in sparse coding and denoising.',
    'about.hardshrink': 'Sets inputs with |x| ≤ λ to 0 and leaves the others unchanged, so it jumps at ±λ.',
    'about.tanhshrink': 'x − tanh(x): flat near 0, close to x − sign(x) far from it.',
    'about.threshold': 'x above the threshold and a fixed value below it. PyTorch requires both numbers; it has no defaults for them.',
    'about.binary_step': 'The unit of the historical perceptron: 1 for positive inputs, 0 for negative ones.',
    'about.exponential': 'eˣ (Keras’ “exponential”): always positive and unbounded.',
    'about.squareplus': '(x + √(x² + b))/2: a softplus look-alike computed with a square root instead of exp and log.',
    'about.sparse_plus': '0 below −1, x above 1 and the parabola (x + 1)²/4 in between: a softplus look-alike that outputs exact zeros.',
    'about.sparse_sigmoid': '0 below −1, 1 above 1 and a straight line in between; it is the derivative of sparse plus.',
    'about.hard_sigmoid_keras2': 'The hard sigmoid of Keras 2, clip(0.2x + 0.5, 0, 1), with kinks at ±2.5 — not the same as PyTorch’s hardsigmoid.',

    'sat.both': 'Saturation on both sides: for large |x| the curve flattens and f′ is close to 0. A neuron pushed there passes almost no gradient back, and through many such layers the gradient shrinks towards zero — the vanishing-gradient problem.',
    'sat.hardBoth': 'Hard saturation on both sides: outside the sloped part f′ is exactly 0, not merely small, so a unit pushed there gets no gradient at all until its input moves back.',
    'sat.slow': 'Saturation on both sides, but slow: f′ = 1/(1 + |x|)² falls polynomially, far more gently than tanh’s exponential fall, so gradients vanish later.',
    'sat.negative': 'Saturates only for negative inputs (f′ → 0 as x → −∞). For x > 0 the slope stays close to 1, so positive inputs pass gradients back without shrinking them.',
    'sat.negHard': 'Flat on the negative side, where f′ is exactly 0. On the positive side the slope is 1: no saturation and no vanishing gradient there.',
    'sat.positive': 'Saturates for large positive inputs (f′ → 0); for very negative inputs the slope approaches 1.',
    'sat.middle': 'The flat part is around 0 rather than at the ends: small inputs get (almost) no gradient, while for large |x| the slope is about 1.',
    'sat.none': 'No saturation: the slope stays away from 0 for every input, so this function never makes gradients vanish by itself.',
    'sat.flat': 'f′ is 0 everywhere except at the jump, where it does not exist. Backpropagation therefore receives no signal at all — the reason the perceptron’s step was replaced by smooth functions such as sigmoid.',
    'sat.grows': 'No saturation, but the opposite problem: f′ = eˣ grows without bound, so large inputs make gradients explode.',

    'zc.yes': 'Zero-centred: outputs take both signs around 0, so the next layer receives inputs of both signs and its weights can move in different directions in one update.',
    'zc.no': 'Not zero-centred: the outputs are (almost) all of one sign. For one training example every weight of the next neuron then gets a gradient of the same sign, so they can only all grow or all shrink together; training zig-zags and converges more slowly.',

    'dying.relu': 'Dying neurons: where the curve is flat the gradient is exactly 0. If one large update — for example with a learning rate that is too high — pushes a neuron’s input into that region for every training example, the neuron gives the same output for everything and its weights never change again: it has died, for good. With a badly chosen learning rate as many as 40% of a ReLU network’s neurons can die. A smaller learning rate, or Leaky ReLU, makes this rarer.',
    'dying.leaky': 'No dying neurons: negative inputs keep a small slope, so a neuron that drifts negative still receives a gradient and can recover. The price is one more number to choose by hand (PReLU learns it instead).',
    'dying.soft': 'Negative inputs still get a small, non-zero gradient, so neurons do not die outright as they can with ReLU — although far to the left the gradient becomes tiny.',

    'cost.exp': 'Compute cost: an exponential (or tanh, erf or log) for every element, in the forward and in the backward pass — noticeably slower than ReLU.',
    'cost.cheap': 'Compute cost: only comparisons, additions and multiplications, no exponential, so the forward and backward passes are fast.',
    'pwl.note': 'Piecewise linear, yet non-linear: a network built from it is linear inside each region of the input space, but different inputs fall into different regions and meet different linear maps (M₁ for one input, M₂ ≠ M₁ for another), so the network as a whole is not linear.',

    'kink.smooth': 'Smooth: f′ exists everywhere, so no convention is needed.',
    'kink.generic': 'At a kink the slope jumps and f′ is undefined; this lab returns what PyTorch’s autograd returns there. Hover exactly over a kink to see the value.',
    'kink.relu': 'At x = 0 the slope jumps from 0 to 1, so f′(0) is undefined. PyTorch’s autograd — and this lab — use f′(0) = 0. Careful: torch.clamp(x, min=0) gives 1 there and torch.maximum(x, 0) gives 0.5.',
    'kink.leaky_relu': 'At x = 0 PyTorch uses the left slope: f′(0) = {negative_slope}. (JAX uses 1.)',
    'kink.prelu': 'At x = 0 PyTorch uses the learned slope: f′(0) = {weight}.',
    'kink.rrelu': 'At x = 0 the evaluation-mode slope is used: f′(0) = (lower + upper)/2 = {mean} (11/48 ≈ 0.229 with the defaults).',
    'kink.relu6': 'At both kinks, x = 0 and x = 6, PyTorch uses f′ = 0.',
    'kink.elu': 'At x = 0 PyTorch takes the left branch: f′(0) = α = {alpha}. With α = 1 both sides agree and f′ has no jump.',
    'kink.selu': 'At x = 0 PyTorch takes the left branch: f′(0) = λα ≈ 1.7581, while TensorFlow returns λ ≈ 1.0507.',
    'kink.celu': 'f′ is continuous at 0 (both sides give 1) whatever α is, so there is nothing to choose.',
    'kink.hardsigmoid': 'At x = ±3 PyTorch uses f′ = 0. A quirk: PyTorch 1.13 computes the slope 1/6 in single precision (0.1666666716…), even for float64.',
    'kink.hardtanh': 'At the limits x = {min_val} and x = {max_val} PyTorch uses f′ = 0 (torch.clamp would give 1).',
    'kink.hardswish': 'Frameworks disagree at x = ±3: PyTorch’s scalar code returns −0.5 and 1.5, its vectorised code 1 at x = 3, and JAX 0 and 1. Hover over a kink to see the value used here.',
    'kink.softshrink': 'At x = ±{lambd} PyTorch uses f′ = 0.',
    'kink.hardshrink': 'At x = ±{lambd} f jumps; PyTorch uses f′ = 0 there.',
    'kink.threshold': 'At x = {threshold} PyTorch uses f′ = 0; f itself jumps there unless the value equals the threshold.',
    'kink.binary_step': 'f jumps at 0; its derivative is taken as 0 everywhere, including at the jump.',
    'kink.sparse_plus': 'f′ is continuous here (the parabola meets both lines with matching slopes); only the curvature jumps at ±1.',
    'kink.sparse_sigmoid': 'Frameworks disagree about f′(±1); hover over a kink to see the value used here.',
    'kink.hard_sigmoid_keras2': 'At x = ±2.5 the slope jumps between 0.2 and 0.',

    'extra.sigmoid': 'Its slope is at most 0.25 (at x = 0): every sigmoid layer divides the gradient by at least 4, even before it saturates.',
    'extra.tanh': 'Its slope reaches 1 at x = 0, four times sigmoid’s best, and its outputs are zero-centred — two reasons it usually trains better than sigmoid. It still saturates.',
    'extra.softplus': 'PyTorch switches to f(x) = x once βx > threshold (here {threshold}), to avoid overflow; that switch changes f by less than 2·10⁻⁹ at the default.',
    'extra.exponential': 'Exponential overflows to infinity for x above about 709.78.',
  },

  zh: {
    'app.title': '激活函數實驗室',
    'app.tagline': '為什麼神經網路需要激活函數',
    'app.language': '語言',
    'app.panels': '面板',
    'app.loading': '正在載入運算核心…',
    'app.loadFailed': '無法載入運算核心：{msg}',
    'app.unknownPanel': '沒有名為「{id}」的面板，改為顯示「{fallback}」。',
    'app.linkIssue': '連結中有部分內容無法解讀，已略過或調整：{keys}。',
    'app.openFull': '在激活函數實驗室中開啟',
    'app.footer': '所有計算都在你的瀏覽器中完成，由編譯成 WebAssembly 的 C++ 核心以倍精度執行；導數遵循 PyTorch 的慣例。',
    'app.dismiss': '關閉',

    'panel.curves': '函數曲線',
    'curves.heading': '激活函數與它們的斜率',
    'curves.intro': '激活函數 f 作用在每個神經元的加權總和上。它的形狀決定網路能表示什麼；它的斜率 f′ 決定網路學得好不好，因為訓練時梯度每往回穿過一層，都要乘上該層的 f′。如果 f 不是非線性的，無論疊多少層，都會合併成單一的線性變換。',
    'curves.functions': '函數',
    'curves.add': '加入函數',
    'curves.addPlaceholder': '選擇一個函數…',
    'curves.remove': '移除 {name}',
    'curves.maxReached': '最多只能同時顯示 {n} 個函數。',
    'curves.none': '尚未選擇函數：請從清單中加入。',
    'curves.view': '顯示',
    'curves.range': 'x 範圍',
    'curves.xmin': '從',
    'curves.xmax': '到',
    'curves.rangeError': '範圍的「從」必須小於「到」，且兩者都介於 −100 與 100 之間。',
    'curves.showDerivative': '顯示導數 f′（虛線）',
    'curves.showSaturation': '標示飽和區',
    'curves.reset': '重設顯示',
    'curves.parameters': '參數',
    'curves.noParams': '沒有參數。',
    'curves.paramRange': '請輸入介於 {min} 與 {max} 之間的數字。',
    'curves.drawError': '在目前的設定下無法繪製 {name}：{msg}',
    'curves.ignoredFn': '不在函數目錄中，已略過：{names}。',
    'curves.chartLabel': '{names} 的 f(x) 與 f′(x) 圖，x 從 {xmin} 到 {xmax}。',
    'curves.legendF': 'f(x)：實線',
    'curves.legendDf': 'f′(x)：虛線',
    'curves.legendSat': '陰影帶：飽和區，即 |f′(x)| < {thr} 之處',
    'curves.tipF': 'f = {v}',
    'curves.tipDf': 'f′ = {v}',
    'curves.formula': '函數',
    'curves.derivative': '導數',
    'curves.points': '重點',
    'curves.kinks': '折點（f′ 跳躍處）位於 x = {list}。',
    'curves.aliases': '又稱 {list}。',
    'curves.source': '定義來源：{source}。',
    'curves.hoverHint': '將滑鼠移到圖上（或以手指輕觸），即可讀出 x、f(x) 與 f′(x)。',

    'group.classic': '經典',
    'group.relu': 'ReLU 家族',
    'group.smooth': '平滑（指數類）',
    'group.hard': '硬限幅（分段線性）',
    'group.other': '其他',

    'param.negative_slope': 'x < 0 時的斜率',
    'param.weight': 'x < 0 時的斜率（訓練中學習）',
    'param.alpha': '負側的幅度',
    'param.beta': '陡度',
    'param.threshold': '門檻',
    'param.value': '門檻以下的輸出值',
    'param.min_val': '下限',
    'param.max_val': '上限',
    'param.lambd': '歸零區間的半寬',
    'param.b': '平滑度',
    'param.lower': '隨機斜率下限',
    'param.upper': '隨機斜率上限',

    'about.identity': 'f(x) = x，也就是完全沒有激活函數。只由這種層組成的網路，不論多深都只是一個線性變換——這正是需要激活函數的原因。',
    'about.sigmoid': '把任何輸入壓縮到 (0, 1) 之間。早期神經網路的標準選擇，現在多用於輸出機率與閘門（gate）。',
    'about.tanh': '輸出範圍為 (−1, 1) 的 sigmoid 變形：tanh(x) = 2σ(2x) − 1。',
    'about.relu': '保留正的輸入，把負的輸入設為 0。隱藏層的預設選擇：簡單、快速，而且在 x > 0 時不會飽和。',
    'about.leaky_relu': '在負輸入處保留一個小斜率、而不是完全為 0 的 ReLU，目的是避免神經元死亡。',
    'about.prelu': '負斜率是訓練時學出來的權重的 Leaky ReLU（PyTorch 的初始值為 0.25）。',
    'about.rrelu': '隨機化的 Leaky ReLU：訓練時每個元素的負斜率從 [1/8, 1/3] 隨機抽取；推論時使用平均斜率（預設為 11/48），這裡畫的就是推論模式。',
    'about.relu6': '上限為 6 的 ReLU，常見於行動裝置上的網路（MobileNet），因為有界的輸出適合低精度運算。',
    'about.elu': '指數線性單元：x > 0 時與 ReLU 相同，負輸入時平滑地彎向 −α，使平均輸出更接近 0。',
    'about.selu': '帶有固定常數 λ ≈ 1.0507、α ≈ 1.6733 的縮放 ELU；這兩個常數經過設計，使輸出在多層之間維持平均值 0、變異數 1（自我正規化網路）。',
    'about.celu': '連續可微的 ELU：指數部分除以 α，因此不論 α 為何，f′ 在 0 處都連續。',
    'about.gelu': '高斯誤差線性單元 x·Φ(x)：以「標準常態變數小於 x 的機率」為輸入加權。BERT、GPT 等 Transformer 的預設選擇。',
    'about.gelu_tanh': '原始 GPT-2 程式碼所用的 GELU tanh 近似式，與精確的 GELU 相差不到 0.0005。',
    'about.silu': 'SiLU，又稱 Swish：x·σ(x)。平滑、在 x < 0 時略為負值，而且不是單調函數；用於 EfficientNet 與許多大型語言模型。',
    'about.mish': 'x·tanh(softplus(x))：平滑且非單調，形狀與 SiLU 非常接近。',
    'about.softplus': '平滑版的 ReLU：log(1 + e^(βx))/β；β 越大越接近 ReLU。',
    'about.softsign': 'x/(1 + |x|)：形狀類似 tanh，但以多項式速度、而不是指數速度趨近 ±1。',
    'about.hardsigmoid': '以分段線性近似 sigmoid：小於 −3 時為 0，大於 3 時為 1，中間是直線 x/6 + 1/2。在行動裝置上運算成本很低。',
    'about.hardtanh': '把 x 截斷在區間 [min_val, max_val] 內：分段線性版的 tanh。',
    'about.hardswish': 'x·hardsigmoid(x)：隨 MobileNetV3 提出的 SiLU 低成本分段版本。',
    'about.logsigmoid': 'log σ(x)，恆為負值。它出現在二元交叉熵損失中；計算時不先求 σ，因此 |x| 很大時仍然準確。',
    'about.softshrink': '把 x 往 0 移動 λ，並將 |x| ≤ λ 的區間設為 0；用於稀疏編碼與去噪。',
    'about.hardshrink': '把 |x| ≤ λ 的輸入設為 0，其餘保持不變，因此在 ±λ 處跳躍。',
    'about.tanhshrink': 'x − tanh(x)：在 0 附近平坦，遠離 0 時接近 x − sign(x)。',
    'about.threshold': '大於門檻時輸出 x，否則輸出一個固定值。PyTorch 要求兩個數值都必須指定，沒有預設值。',
    'about.binary_step': '歷史上感知器使用的單元：正輸入輸出 1，負輸入輸出 0。',
    'about.exponential': 'eˣ（Keras 的 exponential）：恆為正且沒有上界。',
    'about.squareplus': '(x + √(x² + b))/2：形狀類似 softplus，但只用平方根，不用指數與對數。',
    'about.sparse_plus': '小於 −1 時為 0，大於 1 時為 x，中間是拋物線 (x + 1)²/4：形似 softplus，但會輸出真正的 0。',
    'about.sparse_sigmoid': '小於 −1 時為 0，大於 1 時為 1，中間為直線；它正是 sparse plus 的導數。',
    'about.hard_sigmoid_keras2': 'Keras 2 的 hard sigmoid：clip(0.2x + 0.5, 0, 1)，折點在 ±2.5，與 PyTorch 的 hardsigmoid 不同。',

    'sat.both': '兩側都會飽和：|x| 很大時曲線變平，f′ 接近 0。落在那裡的神經元幾乎無法往回傳遞梯度；經過許多這樣的層之後，梯度越來越小、趨近於零，這就是梯度消失問題。',
    'sat.hardBoth': '兩側硬飽和：斜坡以外的區域 f′ 正好是 0（不只是很小），落在那裡的單元完全得不到梯度，直到輸入回到中間為止。',
    'sat.slow': '兩側都會飽和，但比較慢：f′ = 1/(1 + |x|)² 以多項式速度下降，比 tanh 的指數下降平緩得多，梯度消失來得較晚。',
    'sat.negative': '只在負輸入時飽和（x → −∞ 時 f′ → 0）。x > 0 時斜率維持在 1 附近，正的輸入可以把梯度往回傳而不縮小。',
    'sat.negHard': '負的一側完全平坦，f′ 正好為 0。正的一側斜率為 1：那裡不會飽和，也不會梯度消失。',
    'sat.positive': '在很大的正輸入處飽和（f′ → 0）；輸入非常負時，斜率趨近 1。',
    'sat.middle': '平坦的部分在 0 附近而不是兩端：小的輸入（幾乎）得不到梯度，|x| 大時斜率約為 1。',
    'sat.none': '不會飽和：任何輸入下斜率都離 0 很遠，這個函數本身不會造成梯度消失。',
    'sat.flat': '除了跳躍點以外，f′ 處處為 0，而跳躍點的導數不存在。反向傳播因此完全收不到訊號——這就是感知器的階梯函數被 sigmoid 等平滑函數取代的原因。',
    'sat.grows': '不會飽和，卻有相反的問題：f′ = eˣ 無限增大，輸入很大時梯度會爆炸。',

    'zc.yes': '零中心：輸出在 0 的兩側都有值，下一層收到正負皆有的輸入，一次更新中各個權重可以朝不同方向調整。',
    'zc.no': '非零中心：輸出（幾乎）全部同號。於是對同一個訓練樣本，下一個神經元的所有權重收到的梯度都同號，只能一起變大或一起變小；訓練路徑呈「之」字形，收斂較慢。',

    'dying.relu': '死亡神經元：曲線平坦之處，梯度正好為 0。若一次過大的更新（例如學習率設得太高）讓某個神經元對所有訓練樣本的輸入都落入這個區域，它對任何樣本都輸出相同的值，權重從此不再更新——這個神經元就「死亡」了，而且無法復活。學習率設定不當時，ReLU 網路中多達 40% 的神經元可能死亡。較小的學習率或改用 Leaky ReLU 可以減少這種情況。',
    'dying.leaky': '不會有死亡神經元：負輸入仍保有小斜率，偏向負值的神經元依然收得到梯度，可以恢復。代價是多了一個需要人工設定的數值（PReLU 則改由訓練學出）。',
    'dying.soft': '負輸入仍有小而非零的梯度，神經元不會像 ReLU 那樣徹底死亡；不過在很負的區域，梯度會變得非常小。',

    'cost.exp': '運算成本：每個元素都要計算一次指數（或 tanh、erf、log），前向與反向傳播皆然，明顯比 ReLU 慢。',
    'cost.cheap': '運算成本：只需要比較、加法與乘法，不必計算指數，前向與反向傳播都很快。',
    'pwl.note': '分段線性，卻是非線性的：用它組成的網路在輸入空間的每個線性區域內都是線性的，但不同的輸入落在不同的區域、經歷不同的線性變換（一個輸入是 M₁，另一個是 M₂ ≠ M₁），所以整個網路並不是線性的。',

    'kink.smooth': '平滑：f′ 處處存在，不需要任何約定。',
    'kink.generic': '在折點處斜率跳躍，f′ 沒有定義；本實驗室採用 PyTorch autograd 在該點傳回的值。將滑鼠移到折點上即可看到。',
    'kink.relu': '在 x = 0 處斜率從 0 跳到 1，因此 f′(0) 沒有定義。PyTorch 的 autograd（以及本實驗室）取 f′(0) = 0。注意：torch.clamp(x, min=0) 在該點給 1，torch.maximum(x, 0) 則給 0.5。',
    'kink.leaky_relu': '在 x = 0 處 PyTorch 取左側斜率：f′(0) = {negative_slope}。（JAX 取 1。）',
    'kink.prelu': '在 x = 0 處 PyTorch 取學到的斜率：f′(0) = {weight}。',
    'kink.rrelu': '在 x = 0 處採用推論模式的斜率：f′(0) = (lower + upper)/2 = {mean}（預設值下為 11/48 ≈ 0.229）。',
    'kink.relu6': '在兩個折點 x = 0 與 x = 6，PyTorch 都取 f′ = 0。',
    'kink.elu': '在 x = 0 處 PyTorch 取左側分支：f′(0) = α = {alpha}。α = 1 時兩側一致，f′ 不會跳躍。',
    'kink.selu': '在 x = 0 處 PyTorch 取左側分支：f′(0) = λα ≈ 1.7581，而 TensorFlow 傳回 λ ≈ 1.0507。',
    'kink.celu': '不論 α 為何，f′ 在 0 處都連續（兩側都是 1），因此不需要做選擇。',
    'kink.hardsigmoid': '在 x = ±3 處 PyTorch 取 f′ = 0。一個小怪癖：PyTorch 1.13 以單精度計算斜率 1/6（0.1666666716…），即使在 float64 下也是如此。',
    'kink.hardtanh': '在上下限 x = {min_val} 與 x = {max_val} 處 PyTorch 取 f′ = 0（torch.clamp 則會給 1）。',
    'kink.hardswish': '各框架在 x = ±3 處的取值不同：PyTorch 的純量程式傳回 −0.5 與 1.5，其向量化程式在 x = 3 傳回 1，JAX 則為 0 與 1。將滑鼠移到折點上即可看到本實驗室採用的值。',
    'kink.softshrink': '在 x = ±{lambd} 處 PyTorch 取 f′ = 0。',
    'kink.hardshrink': 'f 在 x = ±{lambd} 處跳躍；PyTorch 在該處取 f′ = 0。',
    'kink.threshold': '在 x = {threshold} 處 PyTorch 取 f′ = 0；除非輸出值等於門檻，否則 f 本身在該處跳躍。',
    'kink.binary_step': 'f 在 0 處跳躍；其導數處處取 0，包括跳躍點。',
    'kink.sparse_plus': '這裡 f′ 是連續的（拋物線與兩條直線在接點處斜率相同）；只有曲率在 ±1 處跳躍。',
    'kink.sparse_sigmoid': '各框架對 f′(±1) 的取值不同；將滑鼠移到折點上即可看到本實驗室採用的值。',
    'kink.hard_sigmoid_keras2': '在 x = ±2.5 處斜率在 0.2 與 0 之間跳躍。',

    'extra.sigmoid': '它的斜率最大只有 0.25（在 x = 0）：即使還沒飽和，每經過一層 sigmoid，梯度至少縮小為四分之一。',
    'extra.tanh': '它在 x = 0 的斜率達到 1，是 sigmoid 最大斜率的四倍，而且輸出是零中心的——這是它通常比 sigmoid 好訓練的兩個原因。但它仍然會飽和。',
    'extra.softplus': '當 βx > 門檻（目前為 {threshold}）時，PyTorch 直接改用 f(x) = x 以避免溢位；在預設值下，這個切換造成的差距小於 2·10⁻⁹。',
    'extra.exponential': 'x 大於約 709.78 時，指數函數會溢位成無限大。',
  },
};

let current = 'en';

/** Sets the active language; unknown codes are ignored. Returns the active code. */
export function setLang(code) {
  if (STRINGS[code]) current = code;
  return current;
}

export function getLang() {
  return current;
}

export function htmlLang(code = current) {
  return (LANGS.find((l) => l.code === code) || LANGS[0]).htmlLang;
}

/** True when `key` names a string (in the active language, English or the shared table). */
export function has(key) {
  return key in STRINGS[current] || key in STRINGS.en || key in SHARED;
}

/** Looks up `key` in the active language and fills {placeholders} from `vars`. */
export function t(key, vars) {
  let s = STRINGS[current][key] ?? STRINGS.en[key] ?? SHARED[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** Display name of a catalogue entry (falls back to its canonical name). */
export function fnName(name) {
  return SHARED[`fn.${name}`] ?? name;
}

/** Formats a number for display: up to 4 significant digits, real minus sign. */
export function fmt(v, digits = 4) {
  if (v === undefined || v === null || Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s;
  if (a >= 1e5 || a < 1e-4) s = v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  else s = String(Number(v.toPrecision(digits)));
  return s.replace(/-/g, '−');
}
