// The panel's sections in display order. A later stage (decomposition, Lipschitz, generalization)
// adds one module exporting a Section and one entry here.
import { header } from './header';
import { memorization } from './memorization';
import { multiclass } from './multiclass';
import { sanity } from './sanity';
import type { Section } from './section';

export const sections: Section[] = [header, sanity, memorization, multiclass];
