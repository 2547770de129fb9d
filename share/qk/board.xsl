<?xml version="1.0" encoding="UTF-8"?>
<!--
  board.xsl: the window notice board (信息公示) of the catalog in use: the
  departments and the claimed items that the general windows accept, in
  large type on one A4 page, as one self-contained HTML page (no script,
  no outside resource).  XSLT 1.0, run by xsltproc; scripts/qk-handbook
  -&#45;board is its front end.

  Parameters (all optional): site, site-name (the site's name from the
  roster, shown instead of the catalog's name), lang (left for later:
  accepted and ignored), findings (accepted and ignored: the board states
  no guide).

  The type size is chosen from the amount of text so that the board fills
  one A4 page without spilling over.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

<xsl:output method="html" encoding="UTF-8" indent="yes"
    doctype-system="about:legacy-compat"/>

<xsl:param name="site" select="''"/>
<xsl:param name="site-name" select="''"/>
<xsl:param name="findings" select="''"/>
<xsl:param name="lang" select="''"/>

<xsl:key name="dept" match="/catalog/dept" use="@code"/>
<xsl:key name="claimed-by-dept" match="/catalog/item[not(@claimed = 'no')]"
    use="string(@dept)"/>

<xsl:variable name="claimed" select="/catalog/item[not(@claimed = 'no')]"/>
<xsl:variable name="depts"
    select="/catalog/dept[not(@code = preceding-sibling::dept/@code)]"/>
<xsl:variable name="homeless"
    select="$claimed[not(key('dept', string(@dept)))]"/>

<xsl:variable name="title-name">
  <xsl:choose>
    <xsl:when test="normalize-space($site-name) != ''">
      <xsl:value-of select="$site-name"/>
    </xsl:when>
    <xsl:otherwise>
      <xsl:value-of select="/catalog/@name"/>
    </xsl:otherwise>
  </xsl:choose>
</xsl:variable>

<xsl:template match="/">
  <xsl:if test="not(catalog)">
    <xsl:message terminate="yes">board.xsl: the input is not a catalog (root &lt;<xsl:value-of select="name(*)"/>&gt;)</xsl:message>
  </xsl:if>
  <xsl:if test="catalog/@version != '1' or not(catalog/@version)">
    <xsl:message terminate="yes">board.xsl: catalog version '<xsl:value-of select="catalog/@version"/>' is not 1</xsl:message>
  </xsl:if>
  <xsl:apply-templates select="catalog"/>
</xsl:template>

<xsl:template match="catalog">
  <xsl:variable name="size">
    <xsl:call-template name="type-size">
      <xsl:with-param name="pt" select="24"/>
    </xsl:call-template>
  </xsl:variable>
  <html lang="zh-CN">
    <head>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <meta name="generator" content="qk board.xsl"/>
      <title>
        <xsl:value-of select="$title-name"/>
        <xsl:text> 全科窗口受理事项公示</xsl:text>
      </title>
      <style>
        <xsl:call-template name="css">
          <xsl:with-param name="pt" select="$size"/>
        </xsl:call-template>
      </style>
    </head>
    <body>
      <div class="board">
        <div class="head">
          <h1>
            <span class="site-name"><xsl:value-of select="$title-name"/></span>
            <br/>
            <xsl:text>全科窗口受理事项公示</xsl:text>
          </h1>
          <p class="sub">
            <xsl:text>以下 </xsl:text>
            <xsl:value-of select="count($claimed)"/>
            <xsl:text> 项服务事项均可在全科窗口申请，一窗受理、集成服务</xsl:text>
          </p>
        </div>
        <table class="depts">
          <xsl:for-each select="$depts">
            <xsl:call-template name="row">
              <xsl:with-param name="name" select="@name"/>
              <xsl:with-param name="items" select="key('claimed-by-dept', @code)"/>
            </xsl:call-template>
          </xsl:for-each>
          <xsl:if test="$homeless">
            <xsl:call-template name="row">
              <xsl:with-param name="name" select="'未载明部门'"/>
              <xsl:with-param name="items" select="$homeless"/>
            </xsl:call-template>
          </xsl:if>
        </table>
        <p class="foot">
          <span class="tag">即办</span>
          <xsl:text> 即办件，材料齐全、符合条件的当场办结。各事项的申请条件、材料、时限详见《便民服务手册》。</xsl:text>
          <xsl:if test="@edition != ''">
            <xsl:text>事项目录版本 </xsl:text>
            <xsl:value-of select="@edition"/>
            <xsl:text>。</xsl:text>
          </xsl:if>
        </p>
      </div>
    </body>
  </html>
</xsl:template>

<!-- One department: its name and its claimed items. -->
<xsl:template name="row">
  <xsl:param name="name"/>
  <xsl:param name="items"/>
  <tr>
    <th>
      <xsl:value-of select="$name"/>
      <span class="count">
        <xsl:value-of select="count($items)"/>
        <xsl:text> 项</xsl:text>
      </span>
    </th>
    <td>
      <xsl:for-each select="$items">
        <span class="it">
          <xsl:value-of select="@name"/>
          <xsl:if test="@mode = 'immediate'">
            <span class="tag">即办</span>
          </xsl:if>
        </span>
        <xsl:text> </xsl:text>
      </xsl:for-each>
      <xsl:if test="not($items)">
        <span class="none">暂无认领事项</span>
      </xsl:if>
    </td>
  </tr>
</xsl:template>

<!--
  The type size: the largest, in points from 24 down to 8, at which the
  board's height, laid out as the style sheet below lays it out, fits the
  height of an A4 page inside its margins (273 mm, less a little).  Widths
  and heights are in em of the body; a character counts one em (CJK text;
  Latin letters are narrower, so the estimate errs on the safe side).
-->
<xsl:template name="type-size">
  <xsl:param name="pt"/>
  <xsl:variable name="mm" select="$pt * 0.3528"/>
  <xsl:variable name="width" select="186 div $mm - 5.2 * 1.1 - 2.2"/>
  <xsl:variable name="rows">
    <xsl:call-template name="rows-height">
      <xsl:with-param name="width" select="$width"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:choose>
    <xsl:when test="$pt &lt;= 8 or (8.8 + 3.2 + $rows) * $mm &lt;= 265">
      <xsl:value-of select="$pt"/>
    </xsl:when>
    <xsl:otherwise>
      <xsl:call-template name="type-size">
        <xsl:with-param name="pt" select="$pt - 1"/>
      </xsl:call-template>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- The summed height of the department rows, in em. -->
<xsl:template name="rows-height">
  <xsl:param name="width"/>
  <xsl:param name="i" select="1"/>
  <xsl:param name="acc" select="0"/>
  <xsl:variable name="n" select="count($depts) + number(boolean($homeless))"/>
  <xsl:choose>
    <xsl:when test="$i > $n">
      <xsl:value-of select="$acc"/>
    </xsl:when>
    <xsl:otherwise>
      <xsl:variable name="items"
          select="key('claimed-by-dept', $depts[$i]/@code) | $homeless[$i > count($depts)]"/>
      <xsl:variable name="lines">
        <xsl:call-template name="lines">
          <xsl:with-param name="items" select="$items"/>
          <xsl:with-param name="width" select="$width"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="h">
        <xsl:choose>
          <xsl:when test="$lines * 1.6 > 2.8"><xsl:value-of select="$lines * 1.6"/></xsl:when>
          <xsl:otherwise>2.8</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:call-template name="rows-height">
        <xsl:with-param name="width" select="$width"/>
        <xsl:with-param name="i" select="$i + 1"/>
        <xsl:with-param name="acc" select="$acc + $h + 0.7"/>
      </xsl:call-template>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- The lines the items of one row take, packed greedily as inline blocks. -->
<xsl:template name="lines">
  <xsl:param name="items"/>
  <xsl:param name="width"/>
  <xsl:param name="i" select="1"/>
  <xsl:param name="x" select="0"/>
  <xsl:param name="lines" select="1"/>
  <xsl:choose>
    <xsl:when test="$i > count($items)">
      <xsl:value-of select="$lines"/>
    </xsl:when>
    <xsl:otherwise>
      <xsl:variable name="it" select="$items[$i]"/>
      <xsl:variable name="w"
          select="string-length($it/@name) + 0.6 * ($it/@mode = 'immediate') * 3.5"/>
      <xsl:choose>
        <xsl:when test="$w > $width">
          <!-- a name longer than the line wraps inside its own block -->
          <xsl:call-template name="lines">
            <xsl:with-param name="items" select="$items"/>
            <xsl:with-param name="width" select="$width"/>
            <xsl:with-param name="i" select="$i + 1"/>
            <xsl:with-param name="x" select="$width"/>
            <xsl:with-param name="lines"
                select="$lines + number($x > 0) + ceiling($w div $width) - 1"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:when test="$x > 0 and $x + $w > $width">
          <xsl:call-template name="lines">
            <xsl:with-param name="items" select="$items"/>
            <xsl:with-param name="width" select="$width"/>
            <xsl:with-param name="i" select="$i + 1"/>
            <xsl:with-param name="x" select="$w + 1.1"/>
            <xsl:with-param name="lines" select="$lines + 1"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="lines">
            <xsl:with-param name="items" select="$items"/>
            <xsl:with-param name="width" select="$width"/>
            <xsl:with-param name="i" select="$i + 1"/>
            <xsl:with-param name="x" select="$x + $w + 1.1"/>
            <xsl:with-param name="lines" select="$lines"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<xsl:template name="css">
  <xsl:param name="pt"/>
<xsl:text>
:root { --ink: #1a1a1a; --muted: #595959; --line: #b5b5b5; --accent: #a3171b; --soft: #f6f1ea; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 60em; padding: 1em; color: var(--ink); background: #fff;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei", sans-serif;
  font-size: 1.15rem; line-height: 1.5; overflow-wrap: anywhere; }
.head { text-align: center; border-bottom: 4px solid var(--accent); margin-bottom: .6em; padding-bottom: .3em; }
h1 { margin: 0; font-size: 2em; line-height: 1.25; color: var(--accent); letter-spacing: .08em; }
.site-name { font-size: .7em; color: var(--ink); letter-spacing: .02em; }
.sub { margin: .3em 0 0; font-size: .95em; }
table.depts { border-collapse: collapse; width: 100%; }
.depts th, .depts td { border: 1px solid var(--line); padding: .3em .5em; vertical-align: middle; text-align: left; }
.depts th { width: 5.2em; background: var(--accent); color: #fff; font-size: 1.1em; white-space: nowrap; }
.count { display: block; font-weight: normal; font-size: .7em; }
.it { display: inline-block; margin: .05em 1.1em .05em 0; }
.tag { display: inline-block; font-size: .62em; line-height: 1.3; vertical-align: .25em; margin-left: .2em; padding: 0 .3em; border: 1px solid #1d6b35; color: #1d6b35; border-radius: 3px; font-weight: bold; }
.foot .tag { vertical-align: .1em; margin-left: 0; }
.none { color: var(--muted); }
.foot { margin: .6em 0 0; font-size: .75em; color: var(--muted); }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: </xsl:text>
<xsl:value-of select="$pt"/>
<xsl:text>pt; }
  .board { break-inside: avoid; display: flex; flex-direction: column; min-height: 265mm; }
  table.depts { flex: 1 1 auto; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
</xsl:text>
</xsl:template>

</xsl:stylesheet>
