/**
 * Block Kit validation as Slack applies it before accepting a message or a view: the rules whose
 * breach makes Slack answer `invalid_blocks` (limits from the Block Kit reference on docs.slack.dev).
 * Each function returns the violations found, as readable paths; an empty list means Slack accepts it.
 */

export const BLOCK_KIT_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  contextElements: 10,
  actionsElements: 25,
  optionText: 75,
  optionValue: 150,
  options: 100,
  placeholder: 150,
  inputLabel: 2000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  // data_visualization (bar): title and axis labels, series, categories and their labels.
  chartTitle: 50,
  chartSeries: 6,
  chartCategories: 20,
  chartLabel: 20,
  chartAxisLabel: 50,
  chartBlocksPerMessage: 2,
} as const;

const L = BLOCK_KIT_LIMITS;

const BLOCK_TYPES = new Set(['section', 'divider', 'image', 'actions', 'context', 'input', 'file', 'header', 'video', 'rich_text', 'markdown', 'data_visualization']);
/** Blocks only messages may carry. */
const MESSAGE_ONLY_BLOCKS = new Set(['file', 'markdown', 'data_visualization']);
const SELECT_TYPES = new Set(['static_select', 'multi_static_select', 'external_select', 'multi_external_select', 'users_select', 'multi_users_select', 'conversations_select', 'multi_conversations_select', 'channels_select', 'multi_channels_select']);
const ELEMENT_TYPES = new Set([
  'button', 'checkboxes', 'datepicker', 'datetimepicker', 'timepicker', 'image', 'overflow', 'radio_buttons', 'plain_text_input',
  'email_text_input', 'url_text_input', 'number_input', 'rich_text_input', 'file_input', 'workflow_button', ...SELECT_TYPES,
]);

export type Surface = 'message' | 'modal' | 'home';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function length(v: unknown): number {
  return typeof v === 'string' ? v.length : 0;
}

class Checker {
  readonly violations: string[] = [];

  fail(path: string, problem: string): void {
    this.violations.push(`${path}: ${problem}`);
  }

  max(path: string, value: unknown, limit: number): void {
    if (typeof value === 'string' && value.length > limit) this.fail(path, `${value.length} characters, more than ${limit}`);
  }

  /** A text object: plain_text or mrkdwn with non-empty text, at most `limit` characters. */
  text(path: string, v: unknown, limit: number, plainOnly = false): void {
    if (!isObject(v)) return this.fail(path, 'missing text object');
    if (v.type !== 'plain_text' && v.type !== 'mrkdwn') return this.fail(`${path}.type`, `"${String(v.type)}" is not plain_text or mrkdwn`);
    if (plainOnly && v.type !== 'plain_text') this.fail(`${path}.type`, 'must be plain_text');
    if (typeof v.text !== 'string' || v.text.length === 0) return this.fail(`${path}.text`, 'empty text');
    this.max(`${path}.text`, v.text, limit);
  }

  options(path: string, v: unknown): void {
    if (!Array.isArray(v)) return;
    if (v.length > L.options) this.fail(path, `${v.length} options, more than ${L.options}`);
    v.forEach((o, i) => {
      const p = `${path}[${i}]`;
      if (!isObject(o)) return this.fail(p, 'not an option object');
      this.text(`${p}.text`, o.text, L.optionText);
      if (typeof o.value !== 'string' || o.value.length === 0) this.fail(`${p}.value`, 'missing value');
      this.max(`${p}.value`, o.value, L.optionValue);
      if (o.description !== undefined) this.text(`${p}.description`, o.description, L.optionText);
    });
  }

  /** An interactive element; returns its action_id for the uniqueness check of its block. */
  element(path: string, v: unknown): string | undefined {
    if (!isObject(v)) {
      this.fail(path, 'not an element object');
      return undefined;
    }
    const type = String(v.type);
    if (!ELEMENT_TYPES.has(type)) this.fail(`${path}.type`, `unknown element type "${type}"`);
    if (v.action_id !== undefined) {
      if (typeof v.action_id !== 'string' || v.action_id.length === 0) this.fail(`${path}.action_id`, 'empty action_id');
      this.max(`${path}.action_id`, v.action_id, L.actionId);
    }
    if (type === 'button') {
      this.text(`${path}.text`, v.text, L.buttonText, true);
      this.max(`${path}.value`, v.value, L.buttonValue);
      this.max(`${path}.url`, v.url, L.buttonUrl);
      if (v.style !== undefined && v.style !== 'primary' && v.style !== 'danger') this.fail(`${path}.style`, `${JSON.stringify(v.style)} is not primary or danger`);
    }
    if (v.placeholder !== undefined) this.text(`${path}.placeholder`, v.placeholder, L.placeholder, true);
    this.options(`${path}.options`, v.options);
    if (Array.isArray(v.option_groups)) {
      v.option_groups.forEach((g, i) => {
        if (isObject(g)) this.options(`${path}.option_groups[${i}].options`, g.options);
      });
    }
    return typeof v.action_id === 'string' ? v.action_id : undefined;
  }

  uniqueActionIds(path: string, ids: Array<string | undefined>): void {
    const seen = new Set<string>();
    for (const id of ids) {
      if (id === undefined) continue;
      if (seen.has(id)) this.fail(path, `action_id "${id}" is used more than once in this block`);
      seen.add(id);
    }
  }

  block(path: string, b: unknown, surface: Surface): void {
    if (!isObject(b)) return this.fail(path, 'not a block object');
    const type = String(b.type);
    if (!BLOCK_TYPES.has(type)) return this.fail(`${path}.type`, `unknown block type "${type}"`);
    if (surface !== 'message' && MESSAGE_ONLY_BLOCKS.has(type)) this.fail(`${path}.type`, `"${type}" blocks are for messages only`);
    switch (type) {
      case 'section': {
        if (b.text === undefined && b.fields === undefined) this.fail(path, 'a section needs text or fields');
        if (b.text !== undefined) this.text(`${path}.text`, b.text, L.sectionText);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields)) {
            this.fail(`${path}.fields`, 'not an array');
          } else {
            if (b.fields.length > L.sectionFields) this.fail(`${path}.fields`, `${b.fields.length} fields, more than ${L.sectionFields}`);
            b.fields.forEach((f, i) => this.text(`${path}.fields[${i}]`, f, L.sectionFieldText));
          }
        }
        if (b.accessory !== undefined) this.element(`${path}.accessory`, b.accessory);
        break;
      }
      case 'header':
        this.text(`${path}.text`, b.text, L.headerText, true);
        break;
      case 'context': {
        if (!Array.isArray(b.elements) || b.elements.length === 0) return this.fail(`${path}.elements`, 'a context needs elements');
        if (b.elements.length > L.contextElements) this.fail(`${path}.elements`, `${b.elements.length} elements, more than ${L.contextElements}`);
        b.elements.forEach((e, i) => {
          if (isObject(e) && e.type === 'image') return;
          this.text(`${path}.elements[${i}]`, e, L.sectionText);
        });
        break;
      }
      case 'actions': {
        if (!Array.isArray(b.elements) || b.elements.length === 0) return this.fail(`${path}.elements`, 'an actions block needs elements');
        if (b.elements.length > L.actionsElements) this.fail(`${path}.elements`, `${b.elements.length} elements, more than ${L.actionsElements}`);
        this.uniqueActionIds(`${path}.elements`, b.elements.map((e, i) => this.element(`${path}.elements[${i}]`, e)));
        break;
      }
      case 'input':
        this.text(`${path}.label`, b.label, L.inputLabel, true);
        if (b.hint !== undefined) this.text(`${path}.hint`, b.hint, L.inputLabel, true);
        this.element(`${path}.element`, b.element);
        break;
      case 'image':
        if (typeof b.alt_text !== 'string' || b.alt_text.length === 0) this.fail(`${path}.alt_text`, 'missing alt_text');
        if (b.title !== undefined) this.text(`${path}.title`, b.title, 2000, true);
        break;
      case 'data_visualization':
        this.barChart(path, b);
        break;
      default:
        break;
    }
  }

  /** A bar chart: ≤ 6 uniquely named series, ≤ 20 categories, one finite value per category in every series. */
  barChart(path: string, b: Json): void {
    if (typeof b.title !== 'string' || b.title.length === 0) this.fail(`${path}.title`, 'missing title');
    this.max(`${path}.title`, b.title, L.chartTitle);
    const chart = b.chart;
    if (!isObject(chart)) return this.fail(`${path}.chart`, 'missing chart');
    if (chart.type !== 'bar') return this.fail(`${path}.chart.type`, `"${String(chart.type)}" is not a chart type lead-coach uses (bar)`);
    const axis = chart.axis_config;
    if (!isObject(axis) || !Array.isArray(axis.categories) || axis.categories.length === 0) return this.fail(`${path}.chart.axis_config.categories`, 'missing categories');
    const categories = axis.categories;
    if (categories.length > L.chartCategories) this.fail(`${path}.chart.axis_config.categories`, `${categories.length} categories, more than ${L.chartCategories}`);
    categories.forEach((c, i) => {
      if (typeof c !== 'string' || c.length === 0) this.fail(`${path}.chart.axis_config.categories[${i}]`, 'empty category');
      this.max(`${path}.chart.axis_config.categories[${i}]`, c, L.chartLabel);
    });
    this.max(`${path}.chart.axis_config.x_label`, axis.x_label, L.chartAxisLabel);
    this.max(`${path}.chart.axis_config.y_label`, axis.y_label, L.chartAxisLabel);
    if (!Array.isArray(chart.series) || chart.series.length === 0) return this.fail(`${path}.chart.series`, 'a chart needs series');
    if (chart.series.length > L.chartSeries) this.fail(`${path}.chart.series`, `${chart.series.length} series, more than ${L.chartSeries}`);
    const names = new Set<string>();
    chart.series.forEach((s, i) => {
      const p = `${path}.chart.series[${i}]`;
      if (!isObject(s) || typeof s.name !== 'string' || s.name.length === 0) return this.fail(p, 'a series needs a name');
      if (names.has(s.name)) this.fail(`${p}.name`, `series name "${s.name}" is used more than once`);
      names.add(s.name);
      this.max(`${p}.name`, s.name, L.chartLabel);
      const data = Array.isArray(s.data) ? s.data : [];
      const labels = data.map((d) => (isObject(d) ? d.label : undefined));
      if (labels.length !== categories.length || labels.some((l, j) => l !== categories[j])) this.fail(`${p}.data`, 'needs one point per category, in the categories\' order');
      data.forEach((d, j) => {
        if (!isObject(d) || typeof d.value !== 'number' || !Number.isFinite(d.value)) this.fail(`${p}.data[${j}].value`, 'not a finite number');
      });
    });
  }

  blocks(path: string, blocks: unknown, surface: Surface): void {
    if (blocks === undefined) return;
    if (!Array.isArray(blocks)) return this.fail(path, 'blocks is not an array');
    const max = surface === 'message' ? L.messageBlocks : L.viewBlocks;
    if (blocks.length > max) this.fail(path, `${blocks.length} blocks, more than ${max}`);
    const blockIds = new Set<string>();
    const charts = blocks.filter((b) => isObject(b) && b.type === 'data_visualization').length;
    if (charts > L.chartBlocksPerMessage) this.fail(path, `${charts} data_visualization blocks, more than ${L.chartBlocksPerMessage}`);
    blocks.forEach((b, i) => {
      const p = `${path}[${i}]`;
      if (isObject(b) && b.block_id !== undefined) {
        const id = b.block_id;
        if (typeof id !== 'string' || id.length === 0) this.fail(`${p}.block_id`, 'empty block_id');
        else if (blockIds.has(id)) this.fail(`${p}.block_id`, `block_id "${id}" is used more than once`);
        else blockIds.add(id);
        this.max(`${p}.block_id`, id, L.blockId);
      }
      this.block(p, b, surface);
    });
  }
}

/** A message as chat.postMessage, chat.postEphemeral, chat.update or a response_url receive it. */
export function validateMessage(message: { text?: unknown; blocks?: unknown }): string[] {
  const c = new Checker();
  c.max('text', message.text, L.messageText);
  const hasBlocks = Array.isArray(message.blocks) && message.blocks.length > 0;
  if (!hasBlocks && length(message.text) === 0) c.fail('text', 'a message needs text or blocks');
  c.blocks('blocks', message.blocks, 'message');
  return c.violations;
}

/** A modal or Home tab view as views.open, views.push, views.update or views.publish receive it. */
export function validateView(view: unknown): string[] {
  const c = new Checker();
  if (!isObject(view)) {
    c.fail('view', 'not a view object');
    return c.violations;
  }
  const surface: Surface = view.type === 'home' ? 'home' : 'modal';
  if (view.type !== 'home' && view.type !== 'modal') c.fail('view.type', `"${String(view.type)}" is not modal or home`);
  if (surface === 'modal') {
    c.text('view.title', view.title, L.modalTitle, true);
    if (view.submit !== undefined) c.text('view.submit', view.submit, L.modalButton, true);
    if (view.close !== undefined) c.text('view.close', view.close, L.modalButton, true);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) c.fail('view.submit', 'a modal with input blocks needs a submit button');
  }
  c.max('view.private_metadata', view.private_metadata, L.privateMetadata);
  c.max('view.callback_id', view.callback_id, L.callbackId);
  if (!Array.isArray(view.blocks)) c.fail('view.blocks', 'a view needs a blocks array');
  c.blocks('view.blocks', view.blocks, surface);
  return c.violations;
}
