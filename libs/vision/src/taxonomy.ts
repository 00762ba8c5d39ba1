/**
 * COCO-80 class names (as CenterNet reports them, by class index) mapped to Rekognition-style
 * labels, so a trigger such as `Cat`, `Pet` or `Human` behaves the same on both detectors.
 * Names, parents and categories follow Rekognition's published label list where a class exists
 * there; parents are ordered alphabetically as Rekognition returns them.
 */
import type { NamedRef } from './types';

export interface TaxonomyEntry {
  /** COCO class name, e.g. `cat`. */
  coco: string;
  /** Rekognition label name, e.g. `Cat`. */
  Name: string;
  Parents: readonly string[];
  Aliases: readonly string[];
  Categories: readonly string[];
}

const ANIMALS = 'Animals and Pets';
const VEHICLES = 'Vehicles and Automotive';
const FOOD = 'Food and Beverage';
const FURNITURE = 'Furniture and Furnishings';
const TECH = 'Technology and Computing';
const SPORTS = 'Sports';
const HOME = 'Home and Indoors';
const APPAREL = 'Apparel and Accessories';
const TOYS = 'Toys and Gaming';
const EVERYDAY = 'Everyday Objects';
const TRAVEL = 'Travel and Transportation';

type Row = [coco: string, name: string, parents: string[], aliases: string[], category: string];

// Index = CenterNet class index (COCO-80 order).
const ROWS: Row[] = [
  ['person', 'Person', [], ['Human'], 'Person Description'],
  ['bicycle', 'Bicycle', ['Transportation', 'Vehicle'], ['Bike'], VEHICLES],
  ['car', 'Car', ['Transportation', 'Vehicle'], ['Automobile'], VEHICLES],
  ['motorcycle', 'Motorcycle', ['Transportation', 'Vehicle'], ['Motorbike'], VEHICLES],
  ['airplane', 'Airplane', ['Aircraft', 'Transportation', 'Vehicle'], ['Aeroplane'], VEHICLES],
  ['bus', 'Bus', ['Transportation', 'Vehicle'], [], VEHICLES],
  ['train', 'Train', ['Transportation', 'Vehicle'], ['Railway'], VEHICLES],
  ['truck', 'Truck', ['Transportation', 'Vehicle'], ['Lorry'], VEHICLES],
  ['boat', 'Boat', ['Transportation', 'Vehicle', 'Watercraft'], [], VEHICLES],
  ['traffic light', 'Traffic Light', ['Light'], [], TRAVEL],
  ['fire hydrant', 'Fire Hydrant', ['Hydrant'], [], EVERYDAY],
  ['stop sign', 'Stop Sign', ['Road Sign', 'Sign', 'Symbol'], [], TRAVEL],
  ['parking meter', 'Parking Meter', [], [], TRAVEL],
  ['bench', 'Bench', ['Furniture'], [], FURNITURE],
  ['bird', 'Bird', ['Animal'], [], ANIMALS],
  ['cat', 'Cat', ['Animal', 'Mammal', 'Pet'], ['Kitty'], ANIMALS],
  ['dog', 'Dog', ['Animal', 'Canine', 'Mammal', 'Pet'], ['Puppy'], ANIMALS],
  ['horse', 'Horse', ['Animal', 'Mammal'], [], ANIMALS],
  ['sheep', 'Sheep', ['Animal', 'Livestock', 'Mammal'], [], ANIMALS],
  ['cow', 'Cow', ['Animal', 'Cattle', 'Livestock', 'Mammal'], [], ANIMALS],
  ['elephant', 'Elephant', ['Animal', 'Mammal', 'Wildlife'], [], ANIMALS],
  ['bear', 'Bear', ['Animal', 'Mammal', 'Wildlife'], [], ANIMALS],
  ['zebra', 'Zebra', ['Animal', 'Mammal', 'Wildlife'], [], ANIMALS],
  ['giraffe', 'Giraffe', ['Animal', 'Mammal', 'Wildlife'], [], ANIMALS],
  ['backpack', 'Backpack', ['Accessories', 'Bag'], ['Rucksack'], APPAREL],
  ['umbrella', 'Umbrella', [], [], APPAREL],
  ['handbag', 'Handbag', ['Accessories', 'Bag'], ['Purse'], APPAREL],
  ['tie', 'Tie', ['Accessories', 'Clothing', 'Formal Wear'], ['Necktie'], APPAREL],
  ['suitcase', 'Suitcase', ['Bag', 'Luggage'], [], TRAVEL],
  ['frisbee', 'Frisbee', ['Toy'], [], SPORTS],
  ['skis', 'Ski', ['Sport'], ['Skis'], SPORTS],
  ['snowboard', 'Snowboard', ['Sport'], [], SPORTS],
  ['sports ball', 'Ball', ['Sport'], ['Sports Ball'], SPORTS],
  ['kite', 'Kite', ['Toy'], [], TOYS],
  ['baseball bat', 'Baseball Bat', ['Sport'], [], SPORTS],
  ['baseball glove', 'Baseball Glove', ['Clothing', 'Glove', 'Sport'], [], SPORTS],
  ['skateboard', 'Skateboard', ['Sport'], [], SPORTS],
  ['surfboard', 'Surfboard', ['Sport'], [], SPORTS],
  ['tennis racket', 'Racket', ['Sport'], ['Tennis Racket'], SPORTS],
  ['bottle', 'Bottle', [], [], EVERYDAY],
  ['wine glass', 'Wine Glass', ['Glass'], [], FOOD],
  ['cup', 'Cup', ['Tableware'], ['Mug'], FOOD],
  ['fork', 'Fork', ['Cutlery', 'Tableware'], [], FOOD],
  ['knife', 'Knife', ['Cutlery', 'Tableware'], [], FOOD],
  ['spoon', 'Spoon', ['Cutlery', 'Tableware'], [], FOOD],
  ['bowl', 'Bowl', ['Tableware'], [], FOOD],
  ['banana', 'Banana', ['Food', 'Fruit', 'Plant', 'Produce'], [], FOOD],
  ['apple', 'Apple', ['Food', 'Fruit', 'Plant', 'Produce'], [], FOOD],
  ['sandwich', 'Sandwich', ['Food'], [], FOOD],
  ['orange', 'Orange', ['Citrus Fruit', 'Food', 'Fruit', 'Plant', 'Produce'], [], FOOD],
  ['broccoli', 'Broccoli', ['Food', 'Plant', 'Produce', 'Vegetable'], [], FOOD],
  ['carrot', 'Carrot', ['Food', 'Plant', 'Produce', 'Vegetable'], [], FOOD],
  ['hot dog', 'Hot Dog', ['Food'], [], FOOD],
  ['pizza', 'Pizza', ['Food'], [], FOOD],
  ['donut', 'Donut', ['Food', 'Sweets'], ['Doughnut'], FOOD],
  ['cake', 'Cake', ['Dessert', 'Food'], [], FOOD],
  ['chair', 'Chair', ['Furniture'], [], FURNITURE],
  ['couch', 'Couch', ['Furniture'], ['Sofa'], FURNITURE],
  ['potted plant', 'Potted Plant', ['Plant'], ['Houseplant'], 'Plants and Flowers'],
  ['bed', 'Bed', ['Furniture'], [], FURNITURE],
  ['dining table', 'Dining Table', ['Furniture', 'Table'], [], FURNITURE],
  ['toilet', 'Toilet', [], [], HOME],
  ['tv', 'TV', ['Electronics', 'Screen'], ['Television'], TECH],
  ['laptop', 'Laptop', ['Computer', 'Electronics', 'Pc'], ['Notebook Computer'], TECH],
  ['mouse', 'Mouse', ['Computer Hardware', 'Electronics', 'Hardware'], ['Computer Mouse'], TECH],
  ['remote', 'Remote Control', ['Electronics'], [], TECH],
  ['keyboard', 'Computer Keyboard', ['Computer Hardware', 'Electronics', 'Hardware'], ['Keyboard'], TECH],
  ['cell phone', 'Mobile Phone', ['Electronics', 'Phone'], ['Cell Phone'], TECH],
  ['microwave', 'Microwave', ['Appliance', 'Oven'], [], HOME],
  ['oven', 'Oven', ['Appliance'], [], HOME],
  ['toaster', 'Toaster', ['Appliance'], [], HOME],
  ['sink', 'Sink', [], [], HOME],
  ['refrigerator', 'Refrigerator', ['Appliance'], ['Fridge'], HOME],
  ['book', 'Book', ['Publication'], [], EVERYDAY],
  ['clock', 'Clock', [], [], EVERYDAY],
  ['vase', 'Vase', ['Jar', 'Pottery'], [], HOME],
  ['scissors', 'Scissors', [], [], EVERYDAY],
  ['teddy bear', 'Teddy Bear', ['Toy'], [], TOYS],
  ['hair drier', 'Hair Dryer', ['Appliance'], ['Blow Dryer'], HOME],
  ['toothbrush', 'Toothbrush', ['Brush', 'Tool'], [], EVERYDAY],
];

/** Parent-of-parent links, so a parent label such as `Mammal` itself carries `Animal`. */
export const PARENT_PARENTS: Readonly<Record<string, readonly string[]>> = {
  Mammal: ['Animal'],
  Pet: ['Animal'],
  Canine: ['Animal', 'Mammal'],
  Livestock: ['Animal'],
  Cattle: ['Animal', 'Livestock', 'Mammal'],
  Wildlife: ['Animal'],
  Aircraft: ['Transportation', 'Vehicle'],
  Watercraft: ['Transportation', 'Vehicle'],
  Vehicle: ['Transportation'],
  Fruit: ['Food', 'Plant', 'Produce'],
  'Citrus Fruit': ['Food', 'Fruit', 'Plant', 'Produce'],
  Vegetable: ['Food', 'Plant', 'Produce'],
  Produce: ['Food'],
  Computer: ['Electronics'],
  'Computer Hardware': ['Electronics', 'Hardware'],
  Cutlery: ['Tableware'],
  Luggage: ['Bag'],
  'Road Sign': ['Sign', 'Symbol'],
  Sign: ['Symbol'],
};

/** The 80 COCO classes in CenterNet's class-index order, with their Rekognition-style labels. */
export const COCO_TAXONOMY: readonly TaxonomyEntry[] = ROWS.map(([coco, Name, Parents, Aliases, category]) => ({
  coco,
  Name,
  Parents,
  Aliases,
  Categories: [category],
}));

/** Taxonomy entry for a CenterNet class index, or undefined for an index outside COCO-80. */
export function taxonomyForClass(classIndex: number): TaxonomyEntry | undefined {
  return Number.isInteger(classIndex) ? COCO_TAXONOMY[classIndex] : undefined;
}

/** Taxonomy entry for a COCO class name (`cat`) or a Rekognition label name (`Cat`). */
export function taxonomyForName(name: string): TaxonomyEntry | undefined {
  return COCO_TAXONOMY.find((entry) => entry.coco === name || entry.Name === name);
}

export function toRefs(names: readonly string[]): NamedRef[] {
  return names.map((Name) => ({ Name }));
}
